/**
 * The deterministic demo-organisation generator. `generateDemo` is a lazy generator of
 * canonical records: the org structure first (group, squad, person, service, repository,
 * pattern), then the events of each repository in turn (commits, PRs, PR events, reviews,
 * CI runs, deployments, incidents, agent sessions and their events), then a few squad-level
 * incidents. Same size + seed + end ⇒ byte-identical output; no clock, no Math.random.
 */
import type { CanonicalRecord, IncidentRecord } from '@bearing/shared';
import type { Archetype } from './archetypes.js';
import { demoCodeOwnersFiles } from './codeowners.js';
import { SQUAD_INCIDENT_TITLES } from './names.js';
import { buildOrg, squadArchetypes, structureRecords, type OrgModel } from './org.js';
import { Rng } from './random.js';
import { RepoSimulation } from './repo-sim.js';
import { isDemoSize, sizeProfile, type DemoSize } from './sizes.js';
import { HOUR, MINUTE, WEEK, clamp, iso, monthsBefore } from './time.js';

export type { Archetype } from './archetypes.js';
export type { DemoSize } from './sizes.js';

export interface DemoOptions {
  size: DemoSize;
  seed: number;
  /** exclusive end of the history (the CLI passes today's UTC midnight) */
  end: Date;
}

function checkOptions(options: DemoOptions): { size: DemoSize; seed: number; end: number } {
  if (!isDemoSize(options.size)) throw new RangeError(`unknown demo size '${String(options.size)}' (expected S, M or L)`);
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${String(options.seed)}`);
  const end = options.end instanceof Date ? options.end.getTime() : Number.NaN;
  if (!Number.isFinite(end)) throw new RangeError('end must be a valid Date');
  return { size: options.size, seed: options.seed >>> 0, end };
}

/** Infrastructure incidents owned by a squad rather than a service (no deployment involved). */
function* squadIncidents(org: OrgModel): Generator<IncidentRecord> {
  const weeks = (org.end - org.start) / WEEK;
  for (const squad of org.squads) {
    const rng = Rng.derive(org.seed, 'squad-incidents', squad.key);
    const count = rng.poisson(weeks * (squad.group.index === 1 ? 0.06 : 0.03));
    const opened = Array.from({ length: count }, () => org.start + rng.int(0, Math.floor((org.end - org.start) / MINUTE) - 1) * MINUTE).sort((a, b) => a - b);
    for (let i = 0; i < opened.length; i++) {
      const openedAt = opened[i]!;
      const resolvedAt = openedAt + clamp(rng.lognormal(squad.behaviour.restoreHours, 0.9), 0.1, 24 * 14) * HOUR;
      yield {
        type: 'incident',
        id: `inc-squad-${squad.key}-${i + 1}`,
        service: null,
        squad: squad.key,
        title: rng.pick(SQUAD_INCIDENT_TITLES),
        severity: rng.weighted(['SEV2', 'SEV3'], [0.3, 0.7]),
        openedAt: iso(openedAt),
        resolvedAt: resolvedAt < org.end ? iso(resolvedAt) : null,
      };
    }
  }
}

/**
 * Streams the demo organisation's canonical records. Lazy: size L is generated repository by
 * repository and day by day, never held in memory.
 */
export function* generateDemo(options: DemoOptions): Generator<CanonicalRecord> {
  const { size, seed, end } = checkOptions(options);
  const profile = sizeProfile(size);
  const start = monthsBefore(end, profile.months);
  const org = buildOrg(profile, seed, start, end);
  yield* structureRecords(org);
  for (const repo of org.repos) yield* new RepoSimulation(org, repo).run();
  yield* squadIncidents(org);
}

/**
 * The demo repositories' CODEOWNERS files (not canonical records: the git connector reads them
 * from each repository; the demo seeding stores them directly).
 */
export function demoCodeOwners(options: DemoOptions): { repo: string; text: string }[] {
  const { size, seed, end } = checkOptions(options);
  const profile = sizeProfile(size);
  return [...demoCodeOwnersFiles(buildOrg(profile, seed, monthsBefore(end, profile.months), end))];
}

/** Approximate number of records `generateDemo` yields for a size (for progress bars). */
export function demoRecordEstimate(size: DemoSize): number {
  return sizeProfile(size).estimate;
}

/** The archetype behind each squad of a size (`elite`, `steady`, `struggling`, `drift`). */
export function demoSquadArchetypes(size: DemoSize): Record<string, Archetype> {
  return squadArchetypes(sizeProfile(size));
}
