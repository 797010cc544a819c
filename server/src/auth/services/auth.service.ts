import { Injectable } from '@nestjs/common';
import { invalidCredentials } from '../auth.errors.js';
import type { Principal } from '../auth.types.js';
import { UserRepository, type UserRow } from '../repositories/user.repository.js';
import { AuditService } from './audit.service.js';
import { PasswordService } from './password.service.js';
import { type CreatedSession, SessionService } from './session.service.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Password sign-in and sign-out, audited. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, client: ClientInfo): Promise<{ user: UserRow; session: CreatedSession }> {
    const normalised = email.trim().toLowerCase();
    const user = await this.users.findByEmail(normalised);
    const usable = user !== null && user.disabledAt === null;
    // always one argon2 verification, so response time does not tell which emails exist
    const { ok, rehash } = await this.passwords.verify(usable ? user.passwordHash : null, password);
    if (!ok || !usable) {
      await this.audit.record({
        action: 'login',
        outcome: 'failure',
        actorId: user ? `user:${user.id}` : null,
        actorLabel: user?.email ?? null,
        target: normalised.slice(0, 320),
        ip: client.ip,
        details: { method: 'password', reason: !user ? 'unknown_email' : !usable ? 'disabled' : 'wrong_password' },
      });
      throw invalidCredentials();
    }
    if (rehash) await this.users.update(user.id, { passwordHash: await this.passwords.hash(password) });
    return { user, session: await this.startSession(user, 'password', client, normalised) };
  }

  /** Opens a session for a user who has proven who they are (password or OIDC) and audits it. */
  async startSession(user: UserRow, method: 'password' | 'oidc', client: ClientInfo, attemptedAs = user.email): Promise<CreatedSession> {
    const session = await this.sessions.create(user.id, method, client);
    await this.users.recordLogin(user.id);
    await this.audit.record({
      action: 'login',
      outcome: 'success',
      actorId: `user:${user.id}`,
      actorLabel: user.email,
      target: attemptedAs, // the email signed in with (failures use it too: the rate limit counts them by address and email)
      ip: client.ip,
      details: { method },
    });
    return session;
  }

  async logout(principal: Principal, sessionToken: string | null, ip: string | null): Promise<void> {
    if (sessionToken) await this.sessions.destroy(sessionToken);
    await this.audit.record({
      action: 'logout',
      outcome: 'success',
      actorId: `${principal.kind}:${principal.id}`,
      actorLabel: principal.label,
      target: `${principal.kind}:${principal.id}`,
      ip,
    });
  }

  async user(id: string): Promise<UserRow | null> {
    return this.users.findById(id);
  }
}
