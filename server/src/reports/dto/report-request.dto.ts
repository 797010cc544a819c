import { ApiProperty } from '@nestjs/swagger';
import type { ReportRequest } from '@bearing/shared';
import { invalidField } from '../../common/errors.js';
import { type ScopeRef, parseScope } from '../../org/scope.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `POST /api/v1/reports` body: `{"month":"YYYY-MM","scope":"org|group:<k>|squad:<k>"}`. */
export class ReportRequestDto implements ReportRequest {
  /** YYYY-MM, the calendar month in the org time zone */
  @ApiProperty({ example: '2026-10', description: 'calendar month in the org time zone' })
  month: string;
  /** `org`, `group:<key>` or `squad:<key>` */
  @ApiProperty({ example: 'squad:payments-core', description: "'org', 'group:<key>' or 'squad:<key>'" })
  scope: string;
}

export interface ParsedReportRequest {
  month: string;
  scope: ScopeRef;
}

/** Validates a month `YYYY-MM`; `field` names it in the 400. */
export function parseMonth(value: unknown, field = 'month'): string {
  if (value === undefined || value === null || value === '') throw invalidField(field, 'is required (YYYY-MM)');
  if (typeof value !== 'string' || !MONTH.exec(value)) throw invalidField(field, 'must be a month YYYY-MM, e.g. 2026-10');
  if (Number(value.slice(0, 4)) < 2000) throw invalidField(field, 'must be 2000-01 or later');
  return value;
}

/** Validates the request body; the first problem becomes a 400 naming its field. */
export function parseReportRequest(body: unknown): ParsedReportRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidField('body', 'must be a JSON object {"month","scope"}');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find((k) => k !== 'month' && k !== 'scope');
  if (unknown) throw invalidField(unknown.slice(0, 64), 'is not a field of a report request (month, scope)');
  const month = parseMonth(b.month);
  if (b.scope === undefined || b.scope === null || b.scope === '') throw invalidField('scope', "is required: 'org', 'group:<key>' or 'squad:<key>'");
  if (typeof b.scope !== 'string') throw invalidField('scope', "must be 'org', 'group:<key>' or 'squad:<key>'");
  return { month, scope: parseScope(b.scope) };
}
