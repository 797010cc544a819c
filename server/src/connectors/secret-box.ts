import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseSecretKey } from '../config/config.js';

/**
 * Source secrets at rest: AES-256-GCM over the secrets' JSON, a fresh 96-bit IV per write,
 * stored as `v1:<iv>:<tag>:<ciphertext>` (base64). Tampering fails the tag check.
 */
export function encryptSecrets(key: Buffer, secrets: Record<string, string>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
}

export function decryptSecrets(key: Buffer, envelope: string): Record<string, string> {
  const [version, iv, tag, ct] = envelope.split(':');
  if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown secrets envelope');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as Record<string, string>;
}

/**
 * The embedded/dev-mode key: read `<dataDir>/secret-key`, or generate it (mode 0600).
 * Returns whether it was generated, so the caller can log it.
 */
export function loadOrCreateKeyFile(dataDir: string): { key: Buffer; path: string; generated: boolean } {
  const path = join(dataDir, 'secret-key');
  if (existsSync(path)) {
    const key = parseSecretKey(readFileSync(path, 'utf8'));
    if (!key) throw new Error(`${path} does not hold a 32-byte key (64 hex digits or base64)`);
    return { key, path, generated: false };
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, path, generated: true };
}
