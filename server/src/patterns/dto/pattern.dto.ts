import { z } from 'zod';
import { invalidField } from '../../common/errors.js';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const key = z.string().trim().regex(KEY, 'must be 1–100 letters, digits, ".", "_" or "-", starting with a letter or digit');
const title = z.string().trim().min(1, 'must be a non-empty string').max(10_000);
const path = z.string().trim().min(1, 'must be a non-empty string').max(4096);
const note = z.string().trim().min(1, 'must be a non-empty string').max(100_000);
const timestamp = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 timestamp with an offset, e.g. 2026-03-01T12:00:00Z' })
  .refine((v) => !Number.isNaN(Date.parse(v)), 'is not a valid date');

export const createPatternSchema = z
  .object({ key, title, path: path.nullish(), migrationNote: note.nullish(), replacedBy: key.nullish() })
  .strict();
export const editPatternSchema = z
  .object({ title: title.optional(), path: path.nullable().optional(), migrationNote: note.nullable().optional(), replacedBy: key.nullable().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one of title, path, migrationNote, replacedBy', path: ['body'] });
export const retirePatternSchema = z
  .object({
    migrationNote: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100_000),
    replacedBy: key.nullish(),
    /** when the retirement takes effect (default now; may be backdated, never in the future) */
    retiredAt: timestamp.optional(),
  })
  .strict();

export type CreatePatternDto = z.infer<typeof createPatternSchema>;
export type EditPatternDto = z.infer<typeof editPatternSchema>;
export type RetirePatternDto = z.infer<typeof retirePatternSchema>;

/** Validates a body; the first issue becomes a 400 naming its field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw invalidField(issue.path.map(String).join('.') || 'body', issue.message);
  }
  return r.data;
}
