import type { DriftRecovery, DriftSignalKind } from '@bearing/shared';
import { pushTo } from '../common/multimap.js';

/**
 * Episodes of one work unit from its signals and recovery events (metrics.md §Drift), pure:
 * an episode starts at the first signal not already inside an open episode; later signals join
 * it; it recovers at the first of a recovery event at or after its start (session stopped /
 * rebriefed / ended, drift label removed, PR merged or closed) and the moment every check that
 * failed in one of its streaks has passed again after its last signal. Without either it stays
 * open. Times are epoch milliseconds.
 */

export interface SignalAt {
  kind: DriftSignalKind;
  at: number;
  detail: string;
  ref: string | null;
  /** the CI check (`workflow / job`) of a repeated_failure signal */
  check?: string;
}

export interface RecoveryEvent {
  kind: Exclude<DriftRecovery, 'checks_passed'>;
  at: number;
  ref: string | null;
}

export interface EpisodeAt {
  startedAt: number;
  recoveredAt: number | null;
  recovery: DriftRecovery | null;
  recoveryRef: string | null;
  signals: SignalAt[];
}

const bySignalOrder = (a: SignalAt, b: SignalAt) =>
  a.at - b.at || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || ((a.ref ?? '') < (b.ref ?? '') ? -1 : (a.ref ?? '') > (b.ref ?? '') ? 1 : 0);

/** First index in the sorted array with value ≥ t (binary search). */
function firstAtOrAfter(sorted: number[], t: number): number | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo]! : null;
}

/**
 * @param passes per check, the finish times of its successful runs (any order)
 */
export function buildEpisodes(signals: SignalAt[], recoveries: RecoveryEvent[], passes: Map<string, number[]>): EpisodeAt[] {
  const sigs = [...signals].sort(bySignalOrder);
  const recs = [...recoveries].sort((a, b) => a.at - b.at || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const passTimes = new Map([...passes].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]));
  const episodes: EpisodeAt[] = [];
  let i = 0;
  while (i < sigs.length) {
    const first = sigs[i]!;
    const ep: EpisodeAt = { startedAt: first.at, recoveredAt: null, recovery: null, recoveryRef: null, signals: [] };
    const event = recs.find((r) => r.at >= first.at) ?? null;
    const checks = new Set<string>();
    let candidate: { at: number; kind: DriftRecovery; ref: string | null } | null = null;
    for (; i < sigs.length; i++) {
      const s = sigs[i]!;
      if (candidate && s.at > candidate.at) break;
      ep.signals.push(s);
      if (s.kind === 'repeated_failure' && s.check) checks.add(s.check);
      // recompute the candidate recovery after each joining signal
      candidate = event ? { at: event.at, kind: event.kind, ref: event.ref } : null;
      if (checks.size) {
        let allPassed: number | null = s.at;
        let lastCheck: string | null = null;
        for (const c of [...checks].sort()) {
          const t = firstAtOrAfter(passTimes.get(c) ?? [], s.at);
          if (t === null) {
            allPassed = null;
            break;
          }
          if (t >= allPassed!) {
            allPassed = t;
            lastCheck = c;
          }
        }
        if (allPassed !== null && (!candidate || allPassed < candidate.at)) candidate = { at: allPassed, kind: 'checks_passed', ref: lastCheck };
      }
    }
    if (candidate) {
      ep.recoveredAt = candidate.at;
      ep.recovery = candidate.kind;
      ep.recoveryRef = candidate.ref;
    }
    episodes.push(ep);
  }
  return episodes;
}

/** A CI run as the repeated_failure signal reads it. */
export interface CheckRun {
  id: string;
  workflow: string;
  job: string | null;
  status: string;
  finishedAt: number;
}

export const checkName = (r: Pick<CheckRun, 'workflow' | 'job'>) => (r.job ? `${r.workflow} / ${r.job}` : r.workflow);

/**
 * `repeated_failure`: the same check fails `n` times in a row (cancelled and skipped runs are
 * ignored); one signal per streak, at the streak's first failure. Also returns each check's passes.
 */
export function repeatedFailures(runs: CheckRun[], n: number): { signals: SignalAt[]; passes: Map<string, number[]> } {
  const byCheck = new Map<string, CheckRun[]>();
  for (const r of runs) {
    const k = checkName(r);
    pushTo(byCheck, k, r);
  }
  const signals: SignalAt[] = [];
  const passes = new Map<string, number[]>();
  for (const [check, list] of [...byCheck].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let streak: CheckRun[] = [];
    const flush = () => {
      if (streak.length >= n) {
        signals.push({
          kind: 'repeated_failure',
          at: streak[0]!.finishedAt,
          detail: `${check} failed ${streak.length} times in a row`,
          ref: streak[0]!.id,
          check,
        });
      }
      streak = [];
    };
    for (const r of list) {
      if (r.status === 'failure') streak.push(r);
      else if (r.status === 'success') {
        flush();
        pushTo(passes, check, r.finishedAt);
      }
    }
    flush();
  }
  return { signals, passes };
}
