import type { ShippedChange } from './shipped-index.js';
import {
  type DeploymentFact,
  type DeploymentInput,
  type IncidentAttribution,
  type IncidentInput,
  byFinish,
} from './types.js';
import { pushTo } from '../../common/multimap.js';

export interface OutcomeContext {
  isProduction: (env: string) => boolean;
  attributions: IncidentAttribution[];
  incidents: IncidentInput[];
  /** shipped changes with a PR or labels (all others cannot make a deployment rework) */
  changes: readonly ShippedChange[];
  shipping: Map<string, { shipped: number; rule: string }>;
  hotfixLabels: string[];
  /** `repo#number` of PRs linked to an incident (named as its cause or naming it) */
  incidentLinkedPrs: Set<string>;
}

/**
 * Classifies every deployment: counted (successful production), rollback, failed (with the
 * rules that made it so), failure start and recovery, and rework.
 */
export function classifyDeployments(deployments: DeploymentInput[], ctx: OutcomeContext): DeploymentFact[] {
  const incidentsById = new Map(ctx.incidents.map((i) => [i.id, i]));
  const attributed = new Map<string, IncidentInput[]>();
  for (const a of ctx.attributions) {
    if (!a.deploymentId) continue;
    const inc = incidentsById.get(a.incidentId);
    if (inc) pushTo(attributed, a.deploymentId, inc);
  }
  const incidentsByService = new Map<string, IncidentInput[]>();
  for (const i of ctx.incidents) if (i.service) pushTo(incidentsByService, i.service, i);
  const changesByDeployment = new Map<string, ShippedChange[]>();
  for (const c of ctx.changes) pushTo(changesByDeployment, c.deploymentId, c);
  const hotfix = new Set(ctx.hotfixLabels.map((l) => l.toLowerCase()));

  const byService = new Map<string, DeploymentInput[]>();
  for (const d of deployments) pushTo(byService, d.service, d);

  const facts: DeploymentFact[] = [];
  for (const [service, list] of byService) {
    const counted = list.filter((d) => d.status === 'success' && ctx.isProduction(d.environment)).sort(byFinish);
    // a rollback: flagged, or redeploying a sha that an earlier deployment than the previous one shipped
    const rollback = new Map<string, string>();
    const firstWithSha = new Map<string, number>();
    for (let i = 0; i < counted.length; i++) {
      const d = counted[i]!;
      const first = d.sha ? firstWithSha.get(d.sha) : undefined;
      if (d.rollback) rollback.set(d.id, 'flagged');
      else if (first !== undefined && first <= i - 2) rollback.set(d.id, 'older-sha');
      if (d.sha && first === undefined) firstWithSha.set(d.sha, i);
    }
    const countedIndex = new Map(counted.map((d, i) => [d.id, i]));
    // incidents open when each deployment finished, swept in finish order: `opening` in the order
    // they open, `active` those opened so far and not resolved by now (kept in their input order)
    const opening = (incidentsByService.get(service) ?? []).map((x, order) => ({ x, order })).sort((a, b) => a.x.openedAt.getTime() - b.x.openedAt.getTime());
    let next = 0;
    let active: { x: IncidentInput; order: number }[] = [];
    const openAt = (t: number): IncidentInput[] => {
      let added = false;
      while (next < opening.length && opening[next]!.x.openedAt.getTime() <= t) {
        active.push(opening[next++]!);
        added = true;
      }
      if (added) active.sort((a, b) => a.order - b.order);
      // t never decreases: an incident resolved by now stays resolved for every later deployment
      active = active.filter((a) => a.x.resolvedAt === null || a.x.resolvedAt.getTime() > t);
      return active.map((a) => a.x);
    };
    for (const d of [...list].sort(byFinish)) {
      const i = countedIndex.get(d.id);
      const base: DeploymentFact = {
        deploymentId: d.id,
        service,
        repo: d.repo,
        finishedAt: d.finishedAt,
        counted: i !== undefined,
        rollback: rollback.has(d.id),
        rollbackRule: rollback.get(d.id) ?? null,
        failed: false,
        failureRules: null,
        failureStartedAt: null,
        recoveredAt: null,
        recoveryRule: null,
        rework: false,
        reworkRules: null,
        changesShipped: ctx.shipping.get(d.id)?.shipped ?? 0,
        shippingRule: ctx.shipping.get(d.id)?.rule ?? null,
        detail: null,
      };
      if (i === undefined) {
        facts.push(base);
        continue;
      }
      const detail: Record<string, unknown> = {};
      // failure
      const rules: string[] = [];
      const incs = attributed.get(d.id) ?? [];
      if (incs.length) {
        rules.push('incident');
        detail.incidents = incs.map((x) => x.id);
      }
      let nextNonRollback: DeploymentInput | undefined;
      let rolledBackBy: DeploymentInput | undefined;
      for (let j = i + 1; j < counted.length; j++) {
        const e = counted[j]!;
        if (rollback.has(e.id)) {
          rolledBackBy ??= e;
          continue;
        }
        nextNonRollback = e;
        break;
      }
      if (rolledBackBy) {
        rules.push('rollback-followed');
        detail.rolledBackBy = rolledBackBy.id;
      }
      if (d.failed) rules.push('explicit-flag');
      if (rules.length) {
        base.failed = true;
        base.failureRules = rules;
        if (incs.length) {
          base.failureStartedAt = new Date(Math.min(...incs.map((x) => x.openedAt.getTime())));
          const allResolved = incs.every((x) => x.resolvedAt);
          base.recoveredAt = allResolved ? new Date(Math.max(...incs.map((x) => x.resolvedAt!.getTime()))) : null;
          base.recoveryRule = allResolved ? 'incidents-resolved' : 'incidents-open';
        } else {
          base.failureStartedAt = d.finishedAt;
          const next = counted[i + 1];
          base.recoveredAt = next ? next.finishedAt : null;
          base.recoveryRule = next ? (rollback.has(next.id) ? 'rollback-finished' : 'next-deployment-finished') : 'not-yet-recovered';
          if (next) detail.recoveredBy = next.id;
        }
      }
      void nextNonRollback;
      // rework
      const rework: string[] = [];
      if (rollback.has(d.id)) rework.push('rollback');
      const shipped = changesByDeployment.get(d.id) ?? [];
      const hot = shipped.filter((c) => (c.labels ?? []).some((l) => hotfix.has(l.toLowerCase())));
      if (hot.length) {
        rework.push('hotfix-label');
        detail.hotfixPrs = hot.map((c) => `${c.repo}#${c.prNumber}`);
      }
      const linked = shipped.filter((c) => c.prNumber !== null && ctx.incidentLinkedPrs.has(`${c.repo}#${c.prNumber}`));
      if (linked.length) {
        rework.push('incident-linked-pr');
        detail.incidentLinkedPrs = linked.map((c) => `${c.repo}#${c.prNumber}`);
      }
      const open = openAt(d.finishedAt.getTime());
      if (open.length) {
        rework.push('during-open-incident');
        detail.openIncidents = open.map((x) => x.id);
      }
      if (rework.length) {
        base.rework = true;
        base.reworkRules = rework;
      }
      base.detail = Object.keys(detail).length ? detail : null;
      facts.push(base);
    }
  }
  return facts;
}
