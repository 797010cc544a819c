import type { IncidentCause } from '@bearing/shared';

/**
 * Explicit incident attribution (metrics.md, "Incident → deployment attribution", rule 1):
 * a `root cause: <sha|#PR|deploy-id>` line in a GitHub issue body, a PagerDuty note or a
 * custom field. Pure.
 *
 * Accepted values (first whitespace-separated token after the colon, surrounding backticks,
 * brackets and trailing punctuation dropped):
 *   - `#123`                          → PR 123 of `defaultRepo` (ignored without one)
 *   - `acme/api#123`                  → PR 123 of acme/api
 *   - `https://host/acme/api/pull/123` → PR 123 of acme/api
 *   - `https://host/acme/api/commit/<sha>`, `acme/api@<sha>` → that commit
 *   - 7–40 hex digits with at least one letter (or exactly 40 hex digits) → a commit SHA
 *   - `deployment <id>` / `deploy <id>`, or anything else → a deployment id, verbatim
 *     (e.g. `github:acme/api:deployment:123456`, `cd-2026-03-01-1`)
 */

const LINE = /^[ \t>*_-]*root[ _-]?cause[*_]*[ \t]*:[ \t]*(.+)$/im;
const PR_URL = /^https?:\/\/[^/]+\/([^/\s]+\/[^/\s]+)\/pulls?\/(\d+)(?:[/?#].*)?$/i;
const COMMIT_URL = /^https?:\/\/[^/]+\/([^/\s]+\/[^/\s]+)\/commits?\/([0-9a-f]{7,40})(?:[/?#].*)?$/i;
const REPO_PR = /^([\w.-]+\/[\w.-]+)#(\d+)$/;
const REPO_SHA = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{7,40})$/i;
const LOCAL_PR = /^#(\d+)$/;
const SHA = /^[0-9a-f]{7,40}$/i;

function clean(token: string): string {
  return token.replace(/^[`'"([<]+/, '').replace(/[`'")\]>.,;:!]+$/, '');
}

function prNumber(s: string): number | null {
  const n = Number(s);
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
}

/** Parses one root-cause value (the text after `root cause:`). */
export function parseRootCauseValue(value: string, defaultRepo?: string | null): IncidentCause | null {
  const words = value.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  let first = words[0]!;
  if (/^(deployment|deploy)$/i.test(first) && words[1]) {
    const id = clean(words[1]);
    return id ? { deployment: id.slice(0, 512) } : null;
  }
  first = clean(first);
  if (!first) return null;
  let m = PR_URL.exec(first);
  if (m) {
    const n = prNumber(m[2]!);
    return n ? { pr: { repo: m[1]!, number: n } } : null;
  }
  m = COMMIT_URL.exec(first) ?? REPO_SHA.exec(first);
  if (m) return { sha: m[2]!.toLowerCase() };
  m = REPO_PR.exec(first);
  if (m) {
    const n = prNumber(m[2]!);
    return n ? { pr: { repo: m[1]!, number: n } } : null;
  }
  m = LOCAL_PR.exec(first);
  if (m) {
    const n = prNumber(m[1]!);
    return n && defaultRepo ? { pr: { repo: defaultRepo, number: n } } : null;
  }
  if (SHA.test(first) && (/[a-f]/i.test(first) || first.length === 40)) return { sha: first.toLowerCase() };
  return { deployment: first.slice(0, 512) };
}

/** Finds the first `root cause:` line in a text and parses it; null when there is none. */
export function parseRootCause(text: string | null | undefined, defaultRepo?: string | null): IncidentCause | null {
  if (!text) return null;
  const m = LINE.exec(text);
  if (!m) return null;
  return parseRootCauseValue(m[1]!, defaultRepo);
}

/** The last of several texts (e.g. PagerDuty notes, oldest first) that names a root cause wins. */
export function parseRootCauseFromTexts(texts: readonly (string | null | undefined)[], defaultRepo?: string | null): IncidentCause | null {
  let found: IncidentCause | null = null;
  for (const t of texts) found = parseRootCause(t, defaultRepo) ?? found;
  return found;
}
