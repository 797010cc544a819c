import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { decryptSecrets, encryptSecrets, loadOrCreateKeyFile } from './secret-box.js';
import { noSecretKey } from './sources.errors.js';

/**
 * The key of source secrets: BEARING_SECRET_KEY; without it, in embedded (no DATABASE_URL)
 * mode, `<dataDir>/secret-key` (generated once, mode 0600, logged); with DATABASE_URL and no
 * key, storing secrets is refused. Resolved on first use, so apps that store no secret never
 * touch the file.
 */
@Injectable()
export class SourceSecrets {
  private readonly logger = new Logger(SourceSecrets.name);
  private key: Buffer | null | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private resolveKey(): Buffer | null {
    if (this.key !== undefined) return this.key;
    if (this.config.connectors.secretKey) {
      this.key = this.config.connectors.secretKey;
    } else if (this.config.databaseUrl === null) {
      const { key, path, generated } = loadOrCreateKeyFile(this.config.dataDir);
      if (generated) this.logger.warn(`BEARING_SECRET_KEY is not set: generated a key for source secrets in ${path} (mode 0600); back it up with the data`);
      this.key = key;
    } else {
      this.key = null;
    }
    return this.key;
  }

  encrypt(secrets: Record<string, string>): string | null {
    if (Object.keys(secrets).length === 0) return null;
    const key = this.resolveKey();
    if (!key) throw noSecretKey();
    return encryptSecrets(key, secrets);
  }

  decrypt(envelope: string | null): Record<string, string> {
    if (!envelope) return {};
    const key = this.resolveKey();
    if (!key) throw new Error('source secrets cannot be read: BEARING_SECRET_KEY is not set');
    try {
      return decryptSecrets(key, envelope);
    } catch {
      throw new Error('source secrets cannot be decrypted: BEARING_SECRET_KEY differs from the key they were stored with');
    }
  }
}
