/**
 * Squad archetypes: the behaviour that makes each squad's dashboard tell its own story.
 * `elite` ships continuously with short lead times and few failures; `struggling` deploys
 * weekly or less with long lead times, many failures and slow restores; `drift` runs many
 * agent sessions whose drift episodes last hours and cite retired patterns; `steady` is in
 * between (jittered per squad so no two steady squads look the same).
 */
import type { Rng } from './random.js';

export type Archetype = 'elite' | 'steady' | 'struggling' | 'drift';

export type DeployMode = 'continuous' | 'daily' | 'weekly';

export interface SquadBehaviour {
  archetype: Archetype;
  /** multiplier on the org's base PR rate per repository */
  prRate: number;
  /** mean extra branch commits before the PR opens (Poisson, on top of one) */
  commitsBeforePr: number;
  codingHours: number;
  pickupHours: number;
  /** first review → approval */
  reviewHours: number;
  /** approval → merge */
  mergeWaitHours: number;
  changesRequested: number;
  closeWithoutMerge: number;
  deployMode: DeployMode;
  /** chance a scheduled deployment happens (per merge, per working day or per week) */
  deployProbability: number;
  stagingShare: number;
  deployMinutes: readonly [number, number];
  failedAttempt: number;
  incidentPerDeploy: number;
  unrelatedIncidentsPerWeek: number;
  restoreHours: number;
  rollbackShare: number;
  explicitCauseShare: number;
  markedFailedShare: number;
  ciFailure: number;
  failingStreak: number;
  agentShare: number;
  agentSessionsWithoutPrPerWeek: number;
  driftRate: number;
  driftMinutes: number;
  driftLabelShare: number;
  driftStopShare: number;
  citeActive: number;
  citeRetired: number;
  citeUnknown: number;
  outOfHours: number;
  outOfScope: number;
  coAuthoredByAgent: number;
  practiceLeadReview: number;
  /** weight of the squad's busiest reviewer relative to the others (review concentration) */
  reviewerSkew: number;
}

const BASE: Readonly<Record<Archetype, SquadBehaviour>> = {
  elite: {
    archetype: 'elite',
    prRate: 2.3,
    commitsBeforePr: 2.8,
    codingHours: 2.5,
    pickupHours: 0.6,
    reviewHours: 1.2,
    mergeWaitHours: 0.2,
    changesRequested: 0.12,
    closeWithoutMerge: 0.05,
    deployMode: 'continuous',
    deployProbability: 0.55,
    stagingShare: 0.15,
    deployMinutes: [3, 9],
    failedAttempt: 0.01,
    incidentPerDeploy: 0.012,
    unrelatedIncidentsPerWeek: 0.05,
    restoreHours: 0.5,
    rollbackShare: 0.6,
    explicitCauseShare: 0.5,
    markedFailedShare: 0.002,
    ciFailure: 0.03,
    failingStreak: 0.02,
    agentShare: 0.2,
    agentSessionsWithoutPrPerWeek: 0.5,
    driftRate: 0.12,
    driftMinutes: 9,
    driftLabelShare: 0.3,
    driftStopShare: 0.15,
    citeActive: 0.65,
    citeRetired: 0.01,
    citeUnknown: 0.003,
    outOfHours: 0.03,
    outOfScope: 0.02,
    coAuthoredByAgent: 0.12,
    practiceLeadReview: 0.08,
    reviewerSkew: 1.2,
  },
  steady: {
    archetype: 'steady',
    prRate: 1.0,
    commitsBeforePr: 3.8,
    codingHours: 9,
    pickupHours: 4,
    reviewHours: 7,
    mergeWaitHours: 1.5,
    changesRequested: 0.25,
    closeWithoutMerge: 0.08,
    deployMode: 'daily',
    deployProbability: 0.55,
    stagingShare: 0.3,
    deployMinutes: [5, 15],
    failedAttempt: 0.03,
    incidentPerDeploy: 0.08,
    unrelatedIncidentsPerWeek: 0.24,
    restoreHours: 3,
    rollbackShare: 0.35,
    explicitCauseShare: 0.4,
    markedFailedShare: 0.005,
    ciFailure: 0.06,
    failingStreak: 0.05,
    agentShare: 0.12,
    agentSessionsWithoutPrPerWeek: 0.4,
    driftRate: 0.18,
    driftMinutes: 35,
    driftLabelShare: 0.35,
    driftStopShare: 0.2,
    citeActive: 0.4,
    citeRetired: 0.02,
    citeUnknown: 0.005,
    outOfHours: 0.07,
    outOfScope: 0.04,
    coAuthoredByAgent: 0.08,
    practiceLeadReview: 0.12,
    reviewerSkew: 2,
  },
  struggling: {
    archetype: 'struggling',
    prRate: 0.6,
    commitsBeforePr: 5,
    codingHours: 30,
    pickupHours: 26,
    reviewHours: 36,
    mergeWaitHours: 8,
    changesRequested: 0.45,
    closeWithoutMerge: 0.12,
    deployMode: 'weekly',
    deployProbability: 0.45,
    stagingShare: 0.8,
    deployMinutes: [20, 55],
    failedAttempt: 0.12,
    incidentPerDeploy: 0.32,
    unrelatedIncidentsPerWeek: 0.2,
    restoreHours: 30,
    rollbackShare: 0.45,
    explicitCauseShare: 0.35,
    markedFailedShare: 0.03,
    ciFailure: 0.14,
    failingStreak: 0.1,
    agentShare: 0.05,
    agentSessionsWithoutPrPerWeek: 0.1,
    driftRate: 0.2,
    driftMinutes: 60,
    driftLabelShare: 0.4,
    driftStopShare: 0.25,
    citeActive: 0.15,
    citeRetired: 0.04,
    citeUnknown: 0.01,
    outOfHours: 0.22,
    outOfScope: 0.06,
    coAuthoredByAgent: 0.03,
    practiceLeadReview: 0.15,
    reviewerSkew: 7,
  },
  drift: {
    archetype: 'drift',
    prRate: 1.2,
    commitsBeforePr: 3.5,
    codingHours: 10,
    pickupHours: 5,
    reviewHours: 9,
    mergeWaitHours: 2,
    changesRequested: 0.3,
    closeWithoutMerge: 0.1,
    deployMode: 'daily',
    deployProbability: 0.6,
    stagingShare: 0.35,
    deployMinutes: [5, 15],
    failedAttempt: 0.04,
    incidentPerDeploy: 0.09,
    unrelatedIncidentsPerWeek: 0.15,
    restoreHours: 4,
    rollbackShare: 0.3,
    explicitCauseShare: 0.4,
    markedFailedShare: 0.005,
    ciFailure: 0.1,
    failingStreak: 0.12,
    agentShare: 0.5,
    agentSessionsWithoutPrPerWeek: 1.5,
    driftRate: 0.6,
    driftMinutes: 170,
    driftLabelShare: 0.45,
    driftStopShare: 0.3,
    citeActive: 0.3,
    citeRetired: 0.22,
    citeUnknown: 0.03,
    outOfHours: 0.1,
    outOfScope: 0.1,
    coAuthoredByAgent: 0.2,
    practiceLeadReview: 0.2,
    reviewerSkew: 2,
  },
};

/** The archetype of the n-th squad (org order): per ten squads 2 elite, 1 struggling, 1 drift, 6 steady. */
const ARCHETYPE_CYCLE: readonly Archetype[] = [
  'elite', 'steady', 'struggling', 'steady', 'steady', 'elite', 'steady', 'steady', 'drift', 'steady',
];

export function archetypeForSquad(index: number): Archetype {
  return ARCHETYPE_CYCLE[index % ARCHETYPE_CYCLE.length]!;
}

/** The behaviour of one squad; steady squads are jittered so the middle of the org varies. */
export function squadBehaviour(archetype: Archetype, rng: Rng): SquadBehaviour {
  const base = BASE[archetype];
  if (archetype !== 'steady') return { ...base };
  const slow = rng.float(0.6, 1.9);
  return {
    ...base,
    prRate: base.prRate * rng.float(0.8, 1.2),
    codingHours: base.codingHours * slow,
    pickupHours: base.pickupHours * rng.float(0.5, 2),
    reviewHours: base.reviewHours * slow,
    deployProbability: Math.min(0.95, base.deployProbability * rng.float(0.5, 1.5)),
    incidentPerDeploy: base.incidentPerDeploy * rng.float(0.5, 2),
    restoreHours: base.restoreHours * rng.float(0.5, 3),
    driftRate: base.driftRate * rng.float(0.6, 1.4),
    driftMinutes: base.driftMinutes * rng.float(0.5, 2),
    citeActive: Math.min(0.9, base.citeActive * rng.float(0.5, 1.5)),
    outOfHours: base.outOfHours * rng.float(0.5, 1.8),
    reviewerSkew: rng.float(1, 4),
  };
}
