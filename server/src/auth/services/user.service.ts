import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors.js';
import { randomSecret } from '../auth.crypto.js';
import type { Principal, Role } from '../auth.types.js';
import { UserRepository, type UserPatch, type UserRow } from '../repositories/user.repository.js';
import { AuditService } from './audit.service.js';
import { PasswordService } from './password.service.js';
import { PrincipalCache } from './principal-cache.js';
import { SessionService } from './session.service.js';

export type { UserRow };

export interface NewUserInput {
  email: string;
  name: string;
  /** absent → a password is generated and returned once */
  password?: string;
  roles: Role[];
  groups: string[];
  squads: string[];
}

export interface UserUpdateInput {
  name?: string;
  password?: string;
  roles?: Role[];
  groups?: string[];
  squads?: string[];
  disabled?: boolean;
}

/** Users, roles and scopes (admin API), with every change audited. */
@Injectable()
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly cache: PrincipalCache,
  ) {}

  list(): Promise<UserRow[]> {
    return this.users.list();
  }

  async get(id: string): Promise<UserRow> {
    const user = await this.users.findById(id);
    if (!user) throw new DomainError('not_found', `user '${id}' not found`);
    return user;
  }

  async create(input: NewUserInput, actor: Principal | null, ip: string | null): Promise<{ user: UserRow; generatedPassword: string | null }> {
    const generatedPassword = input.password === undefined ? randomSecret(18) : null;
    const user = await this.users.insert({
      id: randomUUID(),
      email: input.email,
      name: input.name,
      passwordHash: await this.passwords.hash(input.password ?? generatedPassword!),
      roles: [...new Set(input.roles)],
      groups: [...new Set(input.groups)],
      squads: [...new Set(input.squads)],
    });
    if (!user) throw new DomainError('conflict', `email: a user with email '${input.email.toLowerCase()}' exists`, { field: 'email' });
    if (actor) {
      await this.audit.recordChange(actor, 'user.create', `user:${user.id}`, ip, {
        email: user.email,
        roles: user.roles,
        groups: user.groups,
        squads: user.squads,
      });
    }
    return { user, generatedPassword };
  }

  async update(id: string, input: UserUpdateInput, actor: Principal, ip: string | null): Promise<UserRow> {
    const before = await this.get(id);
    const losesAdmin =
      before.roles.includes('admin') && before.disabledAt === null && ((input.roles && !input.roles.includes('admin')) || input.disabled === true);
    if (losesAdmin && (await this.users.countOtherActiveAdmins(id)) === 0) {
      throw new DomainError('conflict', 'roles: this is the last active admin; make someone else admin first', { field: 'roles' });
    }
    const patch: UserPatch = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.roles !== undefined) patch.roles = [...new Set(input.roles)];
    if (input.groups !== undefined) patch.groups = [...new Set(input.groups)];
    if (input.squads !== undefined) patch.squads = [...new Set(input.squads)];
    if (input.password !== undefined) patch.passwordHash = await this.passwords.hash(input.password);
    if (input.disabled !== undefined) patch.disabledAt = input.disabled ? (before.disabledAt ?? new Date()) : null;
    const user = (await this.users.update(id, patch))!;
    // roles, groups and squads are part of a cached principal
    this.cache.clear();
    // a disabled user or a reset password ends every session of that user
    if (input.disabled === true || input.password !== undefined) await this.sessions.destroyAllFor(id);
    const changed: Record<string, unknown> = {};
    for (const key of ['name', 'roles', 'groups', 'squads'] as const) {
      if (input[key] !== undefined) changed[key] = { from: before[key], to: user[key] };
    }
    if (input.disabled !== undefined) changed.disabled = { from: before.disabledAt !== null, to: user.disabledAt !== null };
    if (input.password !== undefined) changed.password = 'reset';
    const action = input.disabled === true && before.disabledAt === null ? 'user.disable' : 'user.update';
    await this.audit.recordChange(actor, action, `user:${id}`, ip, { email: user.email, changed });
    return user;
  }
}
