import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { decryptSecrets, encryptSecrets, loadOrCreateKeyFile } from './secret-box.js';

describe('source secrets at rest', () => {
  const key = Buffer.alloc(32, 9);

  it('round-trips with AES-256-GCM, a fresh IV each time, and detects tampering or a wrong key', () => {
    const a = encryptSecrets(key, { token: 'ghp_x' });
    const b = encryptSecrets(key, { token: 'ghp_x' });
    expect(a).not.toBe(b);
    expect(a).not.toContain('ghp_x');
    expect(decryptSecrets(key, a)).toEqual({ token: 'ghp_x' });
    const parts = a.split(':');
    parts[3] = Buffer.from('{"token":"evil"}').toString('base64');
    expect(() => decryptSecrets(key, parts.join(':'))).toThrow();
    expect(() => decryptSecrets(Buffer.alloc(32, 1), a)).toThrow();
  });

  it('generates the dev key once, mode 0600, and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bearing-key-'));
    try {
      const first = loadOrCreateKeyFile(join(dir, 'data'));
      expect(first.generated).toBe(true);
      expect(statSync(first.path).mode & 0o777).toBe(0o600);
      const again = loadOrCreateKeyFile(join(dir, 'data'));
      expect([again.generated, again.key.equals(first.key)]).toEqual([false, true]);
      expect(readFileSync(first.path, 'utf8').trim()).toBe(first.key.toString('base64'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('BEARING_SECRET_KEY must be 32 bytes as hex or base64', () => {
    expect(loadConfig({ BEARING_SECRET_KEY: 'ab'.repeat(32) }).connectors.secretKey).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({ BEARING_SECRET_KEY: Buffer.alloc(32, 5).toString('base64') }).connectors.secretKey).toEqual(Buffer.alloc(32, 5));
    expect(() => loadConfig({ BEARING_SECRET_KEY: 'short' })).toThrow(/BEARING_SECRET_KEY/);
    expect(loadConfig({}).connectors).toMatchObject({ secretKey: null, scheduler: true, tickSeconds: 15 });
  });
});
