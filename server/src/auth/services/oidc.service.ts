import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors.js';
import { ROLES, type Role } from '../auth.types.js';
import { UserRepository, type UserRow } from '../repositories/user.repository.js';
import { AuditService } from './audit.service.js';
import type { ClientInfo } from './auth.service.js';
import { OidcClient } from './oidc-client.js';
import { SessionService } from './session.service.js';

const STATE_PURPOSE = 'oidc-state';
const STATE_MAX_AGE_MS = 10 * 60 * 1000;

interface PendingSignIn {
  s: string; // state
  n: string; // nonce
  v: string; // PKCE code verifier
  r: string; // where to go afterwards (a local path)
  t: number; // issued at, ms
}

/** A claim as a list: an array, or a space/comma separated string; undefined when the claim is absent. */
export function claimList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : String(value).split(/[\s,]+/);
  return [...new Set(items.map((v) => String(v).trim()).filter(Boolean))];
}

/** Only local paths, so the sign-in cannot be turned into an open redirect. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value.slice(0, 2048) : '/';
}

/**
 * OpenID Connect sign-in: maps the provider's identity to a Bearing user. The provider's roles
 * claim (OIDC_ROLES_CLAIM) and scope claims (OIDC_GROUPS_CLAIM, OIDC_SQUADS_CLAIM) are the source of
 * truth at each sign-in when present. A user is found by linked subject, else by verified email
 * (then linked), else created — only with a role (from the claim or OIDC_DEFAULT_ROLES).
 */
@Injectable()
export class OidcService {
  constructor(
    private readonly client: OidcClient,
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  get enabled(): boolean {
    return this.client.enabled;
  }

  /** The provider URL to send the browser to, and the signed state cookie to set meanwhile. */
  async begin(returnTo: unknown): Promise<{ url: string; stateCookie: string; maxAgeMs: number }> {
    const start = await this.client.start();
    const pending: PendingSignIn = { s: start.state, n: start.nonce, v: start.codeVerifier, r: safeReturnTo(returnTo), t: Date.now() };
    const value = Buffer.from(JSON.stringify(pending)).toString('base64url');
    return { url: start.url, stateCookie: this.sessions.sign(STATE_PURPOSE, value), maxAgeMs: STATE_MAX_AGE_MS };
  }

  /** Completes the sign-in from the callback; returns the user and where to send the browser. */
  async complete(callbackQuery: string, stateCookie: string | null, client: ClientInfo): Promise<{ user: UserRow; returnTo: string }> {
    const value = stateCookie ? this.sessions.unsign(STATE_PURPOSE, stateCookie) : null;
    const pending = value ? (JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as PendingSignIn) : null;
    if (!pending || Date.now() - pending.t > STATE_MAX_AGE_MS) {
      throw new DomainError('unauthorized', 'OpenID Connect sign-in expired or was not started here; start again.');
    }
    const claims = await this.client.finish(callbackQuery, { state: pending.s, nonce: pending.n, codeVerifier: pending.v });
    const user = await this.userFor(claims, client);
    return { user, returnTo: pending.r };
  }

  private async refuse(reason: string, label: string | null, client: ClientInfo, message: string): Promise<never> {
    await this.audit.record({ action: 'login', outcome: 'failure', actorLabel: label, target: label, ip: client.ip, details: { method: 'oidc', reason } });
    throw new DomainError('forbidden', message);
  }

  private async userFor(claims: Record<string, unknown>, client: ClientInfo): Promise<UserRow> {
    const s = this.client.settings;
    const subject = `${s.issuerUrl}|${String(claims.sub)}`;
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
    // only a provider-verified email may link to an existing account (an unverified one could claim anyone's)
    const emailVerified = claims.email_verified === true;
    const claimedRoles = claimList(claims[s.rolesClaim]);
    const roles = claimedRoles?.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    const groups = claimList(claims[s.groupsClaim]);
    const squads = claimList(claims[s.squadsClaim]);

    let user = await this.users.findByOidcSubject(subject);
    if (!user && email && emailVerified) {
      const byEmail = await this.users.findByEmail(email);
      if (byEmail?.oidcSubject && byEmail.oidcSubject !== subject) {
        return this.refuse('subject_mismatch', email, client, 'This email is linked to another OpenID Connect identity.');
      }
      if (byEmail) user = (await this.users.update(byEmail.id, { oidcSubject: subject }))!;
    }
    if (!user) {
      const initial = roles ?? (s.defaultRoles as Role[]);
      if (!email) return this.refuse('no_email', subject, client, 'The identity provider sent no email address.');
      if (initial.length === 0) return this.refuse('no_role', email, client, `No Bearing role for ${email}: ask an admin, or have the provider send the '${s.rolesClaim}' claim.`);
      const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
      user = await this.users.insert({ id: randomUUID(), email, name, passwordHash: null, roles: initial, groups: groups ?? [], squads: squads ?? [], oidcSubject: subject });
      if (!user) return this.refuse('email_taken', email, client, 'A user with this email exists but the provider did not verify the email.');
      await this.audit.record({ action: 'user.create', outcome: 'success', actorLabel: 'oidc', target: `user:${user.id}`, ip: client.ip, details: { email, roles: initial, via: 'oidc' } });
    } else if (roles !== undefined || groups !== undefined || squads !== undefined) {
      // the provider is the source of truth for what it sends
      if (roles !== undefined && roles.length === 0) return this.refuse('no_role', user.email, client, `No Bearing role in the '${s.rolesClaim}' claim.`);
      user = (await this.users.update(user.id, { roles, groups, squads }))!;
    }
    if (user.disabledAt) return this.refuse('disabled', user.email, client, 'This account is disabled.');
    return user;
  }
}
