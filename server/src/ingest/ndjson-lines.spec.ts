import fc from 'fast-check';
import { MAX_LINE_BYTES, lineBatches } from './ndjson-lines.js';

async function collect(chunks: (Buffer | string)[]): Promise<string[]> {
  const out: string[] = [];
  async function* body() {
    yield* chunks;
  }
  for await (const batch of lineBatches(body())) out.push(...batch);
  return out;
}

/** Splits `buf` at the given offsets. */
const cut = (buf: Buffer, at: number[]): Buffer[] => {
  const points = [...new Set(at.map((a) => a % (buf.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, buf.length]) {
    parts.push(buf.subarray(prev, p));
    prev = p;
  }
  return parts;
};

describe('lineBatches (the NDJSON body, split into lines)', () => {
  it('splits lines however the chunks fall, multi-byte characters included', async () => {
    const text = '{"name":"Zoë"}\n{"name":"东京 🚀"}\r\n\n{"last":true}';
    // the same lines as a plain split, whatever the chunk boundaries (even inside a character)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (at) => {
        expect(await collect(cut(Buffer.from(text), at))).toEqual(['{"name":"Zoë"}', '{"name":"东京 🚀"}\r', '', '{"last":true}']);
      }),
    );
  });

  it('yields no empty last line after a final newline', async () => {
    expect(await collect([Buffer.from('a\nb\n')])).toEqual(['a', 'b']);
    expect(await collect([])).toEqual([]);
  });

  it('stops at a line over the limit and names it, also while it is still arriving', async () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 1);
    await expect(collect([Buffer.from(`a\nb\n${long}\nc\n`)])).rejects.toMatchObject({ code: 'payload_too_large', details: { line: 3 } });
    // no newline yet: the line being assembled is already too long
    await expect(collect([Buffer.from('a\n'), Buffer.from(long.slice(0, 600_000)), Buffer.from(long.slice(600_000))])).rejects.toMatchObject({ details: { line: 2 } });
    // multi-byte: under the limit in characters, over it in UTF-8 bytes
    await expect(collect([Buffer.from(`${'é'.repeat(MAX_LINE_BYTES / 2 + 1)}\n`)])).rejects.toMatchObject({ details: { line: 1 } });
    expect(await collect([Buffer.from(`${'x'.repeat(MAX_LINE_BYTES)}\n`)])).toHaveLength(1); // exactly the limit
  });
});
