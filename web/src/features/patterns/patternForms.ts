import type { PatternEntry } from '@bearing/shared';
import type { CreatePatternBody, EditPatternBody, RetirePatternBody } from '../../api/patterns';
import type { FieldErrors, FormResult } from '../admin/adminForms';

/** The server's key rule (`server/src/patterns/dto`): 1–100 letters, digits, ".", "_" or "-". */
export const PATTERN_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export type PatternField = 'key' | 'title' | 'path' | 'migrationNote' | 'replacedBy';

export interface PatternForm {
  key: string;
  title: string;
  path: string;
  migrationNote: string;
  replacedBy: string;
}

export const EMPTY_PATTERN_FORM: PatternForm = { key: '', title: '', path: '', migrationNote: '', replacedBy: '' };

export function patternToForm(p: PatternEntry): PatternForm {
  return { key: p.key, title: p.title, path: p.path ?? '', migrationNote: p.migrationNote ?? '', replacedBy: p.replacedBy ?? '' };
}

function commonErrors(form: PatternForm): FieldErrors<PatternField> {
  const errors: FieldErrors<PatternField> = {};
  if (!form.title.trim()) errors.title = 'is required';
  const replacedBy = form.replacedBy.trim();
  if (replacedBy && !PATTERN_KEY.test(replacedBy)) errors.replacedBy = 'must be a pattern key, e.g. PAT-015';
  if (replacedBy && replacedBy === form.key.trim()) errors.replacedBy = 'cannot be the pattern itself';
  return errors;
}

const orNull = (text: string): string | null => (text.trim() ? text.trim() : null);

export function toCreatePatternBody(form: PatternForm): FormResult<PatternField, CreatePatternBody> {
  const errors = commonErrors(form);
  if (!PATTERN_KEY.test(form.key.trim())) errors.key = 'must be 1–100 letters, digits, ".", "_" or "-", e.g. PAT-014';
  if (Object.keys(errors).length) return { ok: false, errors };
  const body: CreatePatternBody = { key: form.key.trim(), title: form.title.trim() };
  if (orNull(form.path)) body.path = orNull(form.path);
  if (orNull(form.migrationNote)) body.migrationNote = orNull(form.migrationNote);
  if (orNull(form.replacedBy)) body.replacedBy = orNull(form.replacedBy);
  return { ok: true, body };
}

/** Only the fields that changed; an emptied optional field is sent as null (cleared). */
export function toEditPatternBody(current: PatternEntry, form: PatternForm): FormResult<PatternField, EditPatternBody> {
  const errors = commonErrors({ ...form, key: current.key });
  if (Object.keys(errors).length) return { ok: false, errors };
  const body: EditPatternBody = {};
  if (form.title.trim() !== current.title) body.title = form.title.trim();
  if (orNull(form.path) !== current.path) body.path = orNull(form.path);
  if (orNull(form.migrationNote) !== current.migrationNote) body.migrationNote = orNull(form.migrationNote);
  if (orNull(form.replacedBy) !== current.replacedBy) body.replacedBy = orNull(form.replacedBy);
  return { ok: true, body };
}

/** Retiring needs a migration note: what citing PRs should do instead. */
export function toRetirePatternBody(key: string, form: Pick<PatternForm, 'migrationNote' | 'replacedBy'>): FormResult<PatternField, RetirePatternBody> {
  const errors: FieldErrors<PatternField> = {};
  if (!form.migrationNote.trim()) errors.migrationNote = 'is required: say what to use instead and how to migrate';
  const replacedBy = form.replacedBy.trim();
  if (replacedBy && !PATTERN_KEY.test(replacedBy)) errors.replacedBy = 'must be a pattern key, e.g. PAT-015';
  if (replacedBy === key) errors.replacedBy = 'cannot be the pattern itself';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, body: { migrationNote: form.migrationNote.trim(), ...(replacedBy ? { replacedBy } : {}) } };
}

/** Server field names (from a 400's `details.field`) → form fields. */
export const PATTERN_SERVER_FIELDS: Record<string, PatternField> = {
  key: 'key',
  title: 'title',
  path: 'path',
  migrationNote: 'migrationNote',
  replacedBy: 'replacedBy',
};

/** Library order: active before retired, then by key. */
export function sortLibrary<P extends Pick<PatternEntry, 'key' | 'status'>>(patterns: readonly P[]): P[] {
  return [...patterns].sort((a, b) => (a.status === b.status ? a.key.localeCompare(b.key, undefined, { numeric: true }) : a.status === 'active' ? -1 : 1));
}
