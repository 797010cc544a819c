/**
 * Size profiles of the demo organisation. S is the demo seeded on first start; L is the
 * benchmark size; M is a fifth of L. `targets` are what the generator aims for (it derives
 * its PR rate from `pullRequests`; the other counts follow from per-PR mechanics tuned to
 * L's ratios), `estimate` the calibrated total record count used for progress bars.
 */

export type DemoSize = 'S' | 'M' | 'L';

export const DEMO_SIZES: readonly DemoSize[] = ['S', 'M', 'L'];

export interface VolumeTargets {
  commits: number;
  pullRequests: number;
  reviews: number;
  ciRuns: number;
  deployments: number;
  incidents: number;
  agentSessions: number;
}

export interface SizeProfile {
  size: DemoSize;
  /** history length before `end` */
  months: number;
  /** one entry per group: how many squads it has */
  squadsPerGroup: readonly number[];
  /** humans, including the practice leads */
  humans: number;
  agents: number;
  /** dependabot, renovate, github-actions */
  bots: number;
  practiceLeads: number;
  repositories: number;
  services: number;
  patterns: number;
  retiredPatterns: number;
  targets: VolumeTargets;
  /** approximate total number of records (calibrated against real runs) */
  estimate: number;
}

const L_TARGETS: VolumeTargets = {
  commits: 1_000_000,
  pullRequests: 150_000,
  reviews: 300_000,
  ciRuns: 600_000,
  deployments: 60_000,
  incidents: 6_000,
  agentSessions: 40_000,
};

function scaled(targets: VolumeTargets, factor: number): VolumeTargets {
  const out = { ...targets };
  for (const k of Object.keys(out) as (keyof VolumeTargets)[]) out[k] = Math.round(out[k] * factor);
  return out;
}

export const SIZE_PROFILES: Readonly<Record<DemoSize, SizeProfile>> = {
  S: {
    size: 'S',
    months: 6,
    squadsPerGroup: [4, 3, 3],
    humans: 72,
    agents: 5,
    bots: 3,
    practiceLeads: 2,
    repositories: 20,
    services: 14,
    patterns: 12,
    retiredPatterns: 3,
    targets: {
      commits: 20_000,
      pullRequests: 3_000,
      reviews: 6_000,
      ciRuns: 12_000,
      deployments: 1_200,
      incidents: 120,
      agentSessions: 800,
    },
    estimate: 47_500,
  },
  M: {
    size: 'M',
    months: 24,
    squadsPerGroup: [5, 5],
    humans: 111,
    agents: 6,
    bots: 3,
    practiceLeads: 2,
    repositories: 40,
    services: 28,
    patterns: 20,
    retiredPatterns: 4,
    targets: scaled(L_TARGETS, 1 / 5),
    estimate: 458_000,
  },
  L: {
    size: 'L',
    months: 24,
    squadsPerGroup: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
    humans: 567,
    agents: 30,
    bots: 3,
    practiceLeads: 2,
    repositories: 200,
    services: 140,
    patterns: 100,
    retiredPatterns: 15,
    targets: L_TARGETS,
    estimate: 2_310_000,
  },
};

export function isDemoSize(value: unknown): value is DemoSize {
  return value === 'S' || value === 'M' || value === 'L';
}

export function sizeProfile(size: DemoSize): SizeProfile {
  const profile = SIZE_PROFILES[size];
  if (!profile) throw new RangeError(`unknown demo size '${String(size)}' (expected S, M or L)`);
  return profile;
}
