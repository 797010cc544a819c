import { Injectable, type OnModuleInit } from '@nestjs/common';
import argon2 from 'argon2';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). Stored as the PHC
 * string (`$argon2id$v=19$m=19456,t=2,p=1$…`), so parameters can be raised later: verify()
 * reports when a stored hash should be upgraded.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
/** Longer inputs are refused before hashing (argon2 cost grows with input only a little, but bodies are bounded anyway). */
export const MAX_PASSWORD_LENGTH = 1024;

@Injectable()
export class PasswordService implements OnModuleInit {
  /** verified against when the email is unknown, so timing does not reveal which emails exist */
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    this.dummyHash = await argon2.hash('bearing-timing-equaliser', OPTIONS);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  /** Verifies; `hash` null (unknown user, OIDC-only account) still costs one verification. */
  async verify(hash: string | null, password: string): Promise<{ ok: boolean; rehash: boolean }> {
    try {
      const ok = await argon2.verify(hash ?? this.dummyHash, password);
      return { ok: ok && hash !== null, rehash: ok && hash !== null && argon2.needsRehash(hash, OPTIONS) };
    } catch {
      return { ok: false, rehash: false };
    }
  }
}
