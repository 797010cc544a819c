import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseDemoArgs, runDemoGenerate, UsageError, type DemoCliIo } from '../cli/demo-generate.js';

const NOW = new Date('2026-03-10T15:30:00Z');

function io(): DemoCliIo & { err: () => string; out: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => outChunks.push(c));
  stderr.on('data', (c: Buffer) => errChunks.push(c));
  return {
    stdout,
    stderr,
    out: () => Buffer.concat(outChunks).toString('utf8'),
    err: () => Buffer.concat(errChunks).toString('utf8'),
  };
}

describe('demo-generate CLI', () => {
  it('parses arguments with defaults', () => {
    expect(parseDemoArgs(['--size', 's'], NOW)).toEqual({
      size: 'S',
      seed: 42,
      out: null,
      end: new Date('2026-03-10T00:00:00Z'),
      quiet: false,
      help: false,
    });
    const parsed = parseDemoArgs(['--size', 'L', '--seed', '7', '--out', 'x.ndjson', '--end', '2025-12-31', '-q'], NOW);
    expect(parsed).toMatchObject({ size: 'L', seed: 7, out: 'x.ndjson', end: new Date('2025-12-31T00:00:00Z'), quiet: true });
    expect(parseDemoArgs(['--size', 'M', '--out', '-'], NOW).out).toBeNull();
  });

  it.each([
    [[], /--size is required/],
    [['--size', 'XL'], /--size must be one of S, M, L/],
    [['--size', 'S', '--seed', 'abc'], /--seed must be an integer/],
    [['--size', 'S', '--end', '2025-02-30'], /--end must be a valid date/],
    [['--size', 'S', '--end', 'yesterday'], /--end must be a valid date/],
    [['--size', 'S', '--bogus'], /bogus/],
    [['--size', 'S', 'extra'], /extra/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseDemoArgs(argv, NOW)).toThrow(UsageError);
    expect(() => parseDemoArgs(argv, NOW)).toThrow(message);
  });

  it('exits with 2 and the usage on bad arguments', async () => {
    const streams = io();
    await expect(runDemoGenerate(['--size', 'Q'], streams)).resolves.toBe(2);
    expect(streams.err()).toMatch(/--size must be one of/);
    expect(streams.err()).toMatch(/Usage: demo-generate/);
  });

  it('writes NDJSON to a file and a summary to stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bearing-demo-'));
    try {
      const file = join(dir, 'demo.ndjson');
      const streams = io();
      await expect(runDemoGenerate(['--size', 'S', '--seed', '3', '--end', '2026-01-05', '--out', file], streams)).resolves.toBe(0);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(40_000);
      expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'group' });
      expect(lines.every((l) => l.startsWith('{"type":'))).toBe(true);
      expect(streams.err()).toMatch(/commit\s+[\d,]+/);
      expect(streams.err()).toMatch(new RegExp(`total\\s+${lines.length.toLocaleString('en-US')}`));
      expect(streams.out()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
