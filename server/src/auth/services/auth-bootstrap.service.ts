import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { randomSecret } from '../auth.crypto.js';
import type { Role } from '../auth.types.js';
import { UserRepository } from '../repositories/user.repository.js';
import { AuditService } from './audit.service.js';
import { PasswordService } from './password.service.js';

/** The email of the generated first admin when BEARING_ADMIN_EMAIL is not set. */
export const DEFAULT_ADMIN_EMAIL = 'admin@bearing.local';

/** Demo mode only: one user per role, all with this password (documented in docs/operations.md). */
export const DEMO_PASSWORD = 'bearing-demo';

export const DEMO_USERS: readonly { email: string; name: string; roles: Role[]; groups: string[]; squads: string[] }[] = [
  { email: 'admin@demo.bearing', name: 'Demo Admin', roles: ['admin'], groups: [], squads: [] },
  { email: 'vp@demo.bearing', name: 'Demo VP', roles: ['vp'], groups: [], squads: [] },
  { email: 'director@demo.bearing', name: 'Demo Director (Payments)', roles: ['director'], groups: ['payments'], squads: [] },
  { email: 'practice-lead@demo.bearing', name: 'Demo Practice Lead', roles: ['practice_lead'], groups: [], squads: [] },
  { email: 'squad-lead@demo.bearing', name: 'Demo Squad Lead (Payments Core)', roles: ['squad_lead'], groups: [], squads: ['payments-core'] },
  { email: 'viewer@demo.bearing', name: 'Demo Viewer (Growth Experiments)', roles: ['viewer'], groups: [], squads: ['growth-experiments'] },
];

/** First start: the first admin; demo mode: the demo users. */
@Injectable()
export class AuthBootstrapService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * When no user exists, creates an admin from BEARING_ADMIN_EMAIL/BEARING_ADMIN_PASSWORD, or with
   * a generated password printed once to the log. Safe with replicas starting together.
   */
  async ensureFirstAdmin(logger: LoggerService): Promise<{ email: string; generatedPassword: string | null } | null> {
    if ((await this.users.count()) > 0) return null;
    const email = (this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
    const generatedPassword = this.config.adminPassword ? null : randomSecret(18);
    const user = await this.users.insertIfNoUsers({
      id: randomUUID(),
      email,
      name: 'Administrator',
      passwordHash: await this.passwords.hash(this.config.adminPassword ?? generatedPassword!),
      roles: ['admin'],
      groups: [],
      squads: [],
    });
    if (!user) return null; // another replica was first
    await this.audit.record({ action: 'user.bootstrap', outcome: 'success', target: `user:${user.id}`, details: { email, generated: generatedPassword !== null } });
    if (generatedPassword) {
      logger.warn(
        `==== FIRST ADMIN CREATED — email: ${email}  password: ${generatedPassword}  — shown only this once; sign in and change it (or set BEARING_ADMIN_EMAIL/BEARING_ADMIN_PASSWORD on a fresh database) ====`,
        'Auth',
      );
    } else {
      logger.log(`First admin ${email} created from BEARING_ADMIN_EMAIL/BEARING_ADMIN_PASSWORD`, 'Auth');
    }
    return { email, generatedPassword };
  }

  /** Demo mode: one user per role (password `bearing-demo`), each scoped to demo groups/squads. Idempotent. */
  async seedDemoUsers(logger: LoggerService): Promise<string[]> {
    const created: string[] = [];
    for (const demo of DEMO_USERS) {
      const user = await this.users.insert({ id: randomUUID(), ...demo, passwordHash: await this.passwords.hash(DEMO_PASSWORD) });
      if (user) created.push(user.email);
    }
    if (created.length) {
      await this.audit.record({ action: 'user.demo', outcome: 'success', details: { emails: created } });
      logger.log(`Demo users (password '${DEMO_PASSWORD}'): ${created.join(', ')}`, 'Auth');
    }
    return created;
  }
}
