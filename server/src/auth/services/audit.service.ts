import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth.types.js';
import { type AuditEntry, AuditRepository, type AuditRow } from '../repositories/audit.repository.js';

export type { AuditRow };

/** The audit log of sign-ins and admin changes. Never pass a secret in `details`. */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(entry: AuditEntry): Promise<void> {
    return this.repository.insert(entry);
  }

  /** An admin change made by `actor`. */
  recordChange(actor: Principal, action: string, target: string, ip: string | null, details?: Record<string, unknown>): Promise<void> {
    return this.repository.insert({
      action,
      outcome: 'success',
      actorId: `${actor.kind}:${actor.id}`,
      actorLabel: actor.label,
      target,
      ip,
      details: details ?? null,
    });
  }

  list(q: { limit: number; before: string | null; action: string | null }): Promise<AuditRow[]> {
    return this.repository.list(q);
  }
}
