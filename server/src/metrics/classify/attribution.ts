import { type DeploymentInput, type IncidentAttribution, type IncidentInput, byFinish, seconds } from './types.js';

export interface AttributionContext {
  /** successful production deployments, any service */
  counted: DeploymentInput[];
  /** every known deployment id (an explicit cause may name any of them) */
  allDeploymentIds: Set<string>;
  /** commit sha → the first deployment that shipped it */
  shippedSha: Map<string, string>;
  /** `repo#number` → the first deployment that shipped the PR */
  shippedPr: Map<string, string>;
  /** seconds; per-service overrides first */
  windowFor: (service: string) => number;
}

/**
 * Incident → deployment attribution, first rule that applies:
 * 1. explicit: the incident names a deployment, a commit SHA or a PR → the deployment that
 *    shipped it (a SHA also matches a deployment of exactly that SHA);
 * 2. heuristic: the latest successful production deployment of the incident's service that
 *    finished before the incident opened, within the attribution window;
 * 3. otherwise not change-related.
 * An explicit cause that names nothing known is recorded in `detail` and rule 2 is tried.
 */
export function attributeIncidents(incidents: IncidentInput[], ctx: AttributionContext): IncidentAttribution[] {
  const byService = new Map<string, DeploymentInput[]>();
  for (const d of [...ctx.counted].sort(byFinish)) {
    const list = byService.get(d.service) ?? [];
    list.push(d);
    byService.set(d.service, list);
  }
  const bySha = new Map<string, string>();
  for (const d of [...ctx.counted].sort(byFinish)) if (d.sha && !bySha.has(d.sha)) bySha.set(d.sha, d.id);

  return incidents.map((inc): IncidentAttribution => {
    const cause = inc.causedBy;
    const unresolved: Record<string, unknown> = {};
    if (cause?.deployment) {
      if (ctx.allDeploymentIds.has(cause.deployment)) {
        return { incidentId: inc.id, deploymentId: cause.deployment, rule: 'explicit-deployment', detail: { causedBy: cause } };
      }
      unresolved.deployment = cause.deployment;
    }
    if (cause?.sha) {
      const sha = cause.sha.toLowerCase();
      const dep = ctx.shippedSha.get(sha) ?? bySha.get(sha) ?? [...ctx.shippedSha.entries()].find(([s]) => sha.length >= 7 && s.startsWith(sha))?.[1];
      if (dep) return { incidentId: inc.id, deploymentId: dep, rule: 'explicit-sha', detail: { causedBy: cause } };
      unresolved.sha = cause.sha;
    }
    if (cause?.pr) {
      const dep = ctx.shippedPr.get(`${cause.pr.repo}#${cause.pr.number}`);
      if (dep) return { incidentId: inc.id, deploymentId: dep, rule: 'explicit-pr', detail: { causedBy: cause } };
      unresolved.pr = cause.pr;
    }
    const note = Object.keys(unresolved).length ? { unresolvedCause: unresolved } : {};
    if (inc.service) {
      const window = ctx.windowFor(inc.service);
      const candidates = byService.get(inc.service) ?? [];
      let latest: DeploymentInput | undefined;
      for (const d of candidates) {
        if (d.finishedAt <= inc.openedAt) latest = d;
        else break;
      }
      if (latest && seconds(latest.finishedAt, inc.openedAt) <= window) {
        return {
          incidentId: inc.id,
          deploymentId: latest.id,
          rule: 'heuristic-window',
          detail: { ...note, gapS: seconds(latest.finishedAt, inc.openedAt), windowS: window },
        };
      }
      return {
        incidentId: inc.id,
        deploymentId: null,
        rule: 'not-change-related',
        detail: { ...note, reason: latest ? 'latest deployment outside the window' : 'no earlier production deployment of the service', windowS: window, ...(latest ? { latestDeployment: latest.id, gapS: seconds(latest.finishedAt, inc.openedAt) } : {}) },
      };
    }
    return { incidentId: inc.id, deploymentId: null, rule: 'not-change-related', detail: { ...note, reason: 'no service' } };
  });
}
