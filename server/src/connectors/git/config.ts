import { z } from 'zod';

const url = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(2048)
  .refine((u) => !u.startsWith('-'), 'must not start with -')
  .refine((u) => /^(https?|ssh|git|file):\/\//.test(u) || /^[\w.-]+@[\w.-]+:/.test(u) || u.startsWith('/'), 'must be a git URL (https://, ssh://, git@host:path, file://) or an absolute local path');

export const gitConfigSchema = z
  .object({
    url,
    /** repository key of the commits ("org/repo"); default: the URL's last two path segments */
    repo: z.string().trim().min(1).max(512).optional(),
    /** default branch (CODEOWNERS and patterns are read there); default: the remote HEAD */
    branch: z.string().trim().min(1).max(255).optional(),
    /** `--filter=blob:none` clone (the server must allow it; git falls back to a full clone) */
    blobless: z.boolean().default(true),
    /** folder of pattern-library markdown files, e.g. docs/patterns */
    patternsPath: z.string().trim().min(1).max(1024).optional(),
    /** tags as deployments */
    tagDeploys: z
      .object({
        pattern: z.string().min(1).max(500).refine((p) => {
          try {
            new RegExp(p);
            return true;
          } catch {
            return false;
          }
        }, 'must be a valid regular expression'),
        service: z.string().trim().min(1).max(512),
        environment: z.string().trim().min(1).max(255).default('production'),
      })
      .strict()
      .optional(),
    /** read CODEOWNERS (.github/, root, docs/) into code_owners */
    codeOwners: z.boolean().default(true),
  })
  .strict();
export type GitConfig = z.output<typeof gitConfigSchema>;
