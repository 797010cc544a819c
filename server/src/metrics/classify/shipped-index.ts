import type { ChangeFact, IncidentInput } from './types.js';
import { pushTo } from '../../common/multimap.js';

/** What deployment outcomes need of a shipped change (its PR and labels; not its commits or times). */
export type ShippedChange = Pick<ChangeFact, 'repo' | 'deploymentId' | 'prNumber' | 'labels'>;

/**
 * What the organisation-wide steps of a recompute (incident attribution, deployment outcomes)
 * need from every shipped change, without keeping every change in memory:
 *  - `shippedSha`: the deployment that first shipped each commit an incident names as its cause
 *    (exactly, or as an abbreviation of at least 7 characters), in the order changes are added;
 *  - `shippedPr`: the deployment that shipped each PR an incident names as its cause (the last
 *    one added wins, as before);
 *  - `changes`: the changes with a PR or labels (hotfix labels and incident-linked PRs make a
 *    deployment rework).
 * Pure: no I/O.
 */
export class ShippedIndex {
  readonly shippedSha = new Map<string, string>();
  readonly shippedPr = new Map<string, string>();
  readonly changes: ShippedChange[] = [];
  /** cause shas (lower case) */
  readonly causeShas: string[];
  /** first 7 characters of the cause shas that long enough to be abbreviations */
  readonly causePrefixes: string[];
  /** `repo#number` of the PRs incidents name as their cause */
  readonly causePrs: string[];
  private readonly exact: Set<string>;
  private readonly byPrefix = new Map<string, string[]>();
  private readonly prs: Set<string>;

  constructor(incidents: readonly IncidentInput[]) {
    this.causeShas = [...new Set(incidents.flatMap((i) => (i.causedBy?.sha ? [i.causedBy.sha.toLowerCase()] : [])))];
    this.exact = new Set(this.causeShas);
    for (const c of this.causeShas) {
      if (c.length < 7) continue;
      const p = c.slice(0, 7);
      pushTo(this.byPrefix, p, c);
    }
    this.causePrefixes = [...this.byPrefix.keys()];
    this.causePrs = [...new Set(incidents.flatMap((i) => (i.causedBy?.pr ? [`${i.causedBy.pr.repo}#${i.causedBy.pr.number}`] : [])))];
    this.prs = new Set(this.causePrs);
  }

  /** True when some incident names this commit (exactly or by an abbreviation). */
  named(sha: string): boolean {
    return this.exact.has(sha) || (this.byPrefix.get(sha.slice(0, 7))?.some((c) => sha.startsWith(c)) ?? false);
  }

  add(c: ShippedChange & { shas: readonly string[] }): void {
    if (this.exact.size) {
      for (const sha of c.shas) if (!this.shippedSha.has(sha) && this.named(sha)) this.shippedSha.set(sha, c.deploymentId);
    }
    if (c.prNumber !== null) {
      const k = `${c.repo}#${c.prNumber}`;
      if (this.prs.has(k)) this.shippedPr.set(k, c.deploymentId);
    }
    if (c.prNumber !== null || c.labels?.length) this.changes.push({ repo: c.repo, deploymentId: c.deploymentId, prNumber: c.prNumber, labels: c.labels });
  }
}
