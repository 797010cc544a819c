import { z } from 'zod';

/** `owner/name` */
const repoName = z.string().trim().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name');

const regexString = z
  .string()
  .max(500)
  .refine((s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

/**
 * Non-secret configuration of a GitHub source (secrets: `token`, `webhookSecret`).
 * Either `repositories` or `org` (or both) names what to sync.
 */
export const githubConfigSchema = z
  .object({
    /** https://api.github.com, or `https://ghe.example.com/api/v3` for Enterprise Server */
    baseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('https://api.github.com'),
    repositories: z.array(repoName).max(1000).default([]),
    /** every (non-archived) repository of this organisation is synced too */
    org: z.string().trim().regex(/^[\w.-]+$/, 'must be an organisation login').optional(),
    includeArchived: z.boolean().default(false),
    /** issues carrying any of these labels are incidents */
    incidentLabels: z.array(z.string().min(1).max(100)).max(20).default(['incident']),
    /** issue label prefix giving the incident severity, e.g. `severity:` → `severity:sev1` → `sev1` */
    severityLabelPrefix: z.string().max(50).default('severity:'),
    deployments: z
      .object({
        /** GitHub Deployments API (deployments + statuses) */
        api: z.boolean().default(true),
        /** only these environments are collected (names, case-insensitive); empty = all — the org's production pattern decides what is production */
        environments: z.array(z.string().min(1).max(200)).max(50).default([]),
        /** published releases count as deployments to `releaseEnvironment` */
        releases: z.boolean().default(false),
        includePrereleases: z.boolean().default(false),
        releaseEnvironment: z.string().min(1).max(200).default('production'),
        /** completed Actions workflow runs whose workflow name matches count as deployments to `workflowEnvironment` */
        workflowPattern: regexString.optional(),
        workflowEnvironment: z.string().min(1).max(200).default('production'),
      })
      .prefault({}),
    /** repository → service key of its deployments and incidents; default: the repository name (`owner/name`) */
    services: z.record(repoName, z.string().trim().min(1).max(512)).default({}),
    /** sync Actions workflow runs and jobs into `ci_run` */
    actions: z.boolean().default(true),
    /** first sync only: how far back to go (days) */
    backfillDays: z.number().int().min(1).max(3650).default(180),
    /** PR label marking agent-authored work (informational for now: the org rules classify agents; the label itself is synced with the PR) */
    agentLabel: z.string().min(1).max(100).optional(),
  })
  .refine((c) => c.repositories.length > 0 || c.org !== undefined, {
    message: 'name at least one repository or an org',
    path: ['repositories'],
  });

export type GithubConfig = z.output<typeof githubConfigSchema>;

/** Incremental state of one repository; committed after every batch so a crash resumes. */
export interface GithubRepoCursor {
  /** PRs: `updated_at` of the last PR fully stored (ascending), the PR numbers stored at exactly that instant, and the ETag of the newest page */
  pulls?: { since: string; done?: number[]; etag?: string };
  /**
   * Actions runs: `since` = created_at lower bound of the next listing (the oldest unfinished
   * run, or the newest stored); `doneUntil` = the newest `updated_at` of the last full listing
   * (completed runs updated before it were stored then and are not fetched again).
   */
  runs?: { since: string; doneUntil?: string };
  /** Deployments: highest id stored, ids still pending (no final status yet), ETag of the first page */
  deployments?: { lastId: number; pending: number[]; etag?: string };
  /** Releases: highest id seen, ETag of the first page */
  releases?: { lastId: number; etag?: string };
  /** Incident issues: per label, `updated_at` of the last issue stored */
  issues?: Record<string, string>;
}

export interface GithubCursor {
  v: 1;
  repos: Record<string, GithubRepoCursor>;
}

export function serviceFor(config: Pick<GithubConfig, 'services'>, repo: string): string {
  return config.services[repo] ?? repo;
}
