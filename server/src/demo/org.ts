/**
 * The demo organisation's structure: groups, squads (with their archetypes), people, repositories,
 * services and the pattern library. Small even for size L, so it is built up front; the events
 * are then streamed repository by repository (see repo-sim.ts).
 */
import type {
  CanonicalRecord,
  GroupRecord,
  PatternRecord,
  PersonKind,
  PersonRecord,
  RepositoryRecord,
  ServiceRecord,
  SquadRecord,
} from '@bearing/shared';
import { archetypeForSquad, squadBehaviour, type Archetype, type SquadBehaviour } from './archetypes.js';
import {
  AGENT_VENDORS,
  DEPLOYABLE_REPO_KINDS,
  FIRST_NAMES,
  GROUP_CATALOGUE,
  LAST_NAMES,
  LIBRARY_REPO_KINDS,
  PATTERN_CONCEPTS,
  PATTERN_CONTEXTS,
  SQUAD_NAME_OVERRIDES,
  TIME_ZONES,
} from './names.js';
import { Rng } from './random.js';
import type { SizeProfile } from './sizes.js';
import { DAY, isWeekend } from './time.js';

export const ORG_DOMAIN = 'acme.example';
export const GITHUB_ORG = 'acme';
/** How much of a working day's PR rate happens on a weekend day. */
export const WEEKEND_ACTIVITY = 0.08;

export type Language = 'ts' | 'go' | 'py';

export interface GroupModel {
  key: string;
  name: string;
  parent: string | null;
  index: number;
}

export interface PersonModel {
  key: string;
  name: string;
  kind: PersonKind;
  email: string;
  altEmail: string | null;
  github: string;
  pagerduty: string | null;
  squads: string[];
  roles: string[];
  timeZone: string | null;
  offsetMinutes: number;
}

export interface SquadModel {
  key: string;
  name: string;
  group: GroupModel;
  /** path segment used for the squad's code area inside repositories */
  stem: string;
  index: number;
  archetype: Archetype;
  behaviour: SquadBehaviour;
  humans: PersonModel[];
  agents: PersonModel[];
}

export interface ServiceModel {
  key: string;
  name: string;
  squads: SquadModel[];
  repositories: string[];
  /** deployments ship this repository (`repositories[0]`) */
  repo: RepoModel;
  /** 1 = Monday … 5 = Friday, for weekly deployers */
  deployWeekday: number;
}

export interface RepoModel {
  key: string;
  name: string;
  index: number;
  squads: SquadModel[];
  language: Language;
  deployable: boolean;
  mergeStyle: 'merge' | 'squash';
  /** services deployed from this repository */
  services: ServiceModel[];
  /** PRs per working day */
  prRate: number;
}

export interface PatternModel {
  key: string;
  title: string;
  createdAt: number;
  updatedAt: number | null;
  retiredAt: number | null;
  replacedBy: string | null;
  migrationNote: string | null;
}

export interface BotModels {
  dependabot: PersonModel;
  renovate: PersonModel;
  actions: PersonModel;
}

export interface OrgModel {
  seed: number;
  start: number;
  end: number;
  profile: SizeProfile;
  groups: GroupModel[];
  squads: SquadModel[];
  humans: PersonModel[];
  agents: PersonModel[];
  bots: BotModels;
  practiceLeads: PersonModel[];
  repos: RepoModel[];
  services: ServiceModel[];
  patterns: PatternModel[];
}

export function titleCase(word: string): string {
  return SQUAD_NAME_OVERRIDES[word] ?? word.charAt(0).toUpperCase() + word.slice(1);
}

function asciiLower(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function buildGroups(profile: SizeProfile): GroupModel[] {
  const groups = GROUP_CATALOGUE.slice(0, profile.squadsPerGroup.length).map((g, index) => ({
    key: g.key,
    name: g.name,
    parent: null as string | null,
    index,
  }));
  // Larger orgs get a little hierarchy: sub-groups under a parent group.
  const parentOf: Record<string, string> = { search: 'commerce', messaging: 'growth' };
  const keys = new Set(groups.map((g) => g.key));
  for (const g of groups) {
    const parent = parentOf[g.key];
    if (parent && keys.has(parent)) g.parent = parent;
  }
  return groups;
}

function buildSquads(profile: SizeProfile, groups: GroupModel[], seed: number): SquadModel[] {
  const squads: SquadModel[] = [];
  groups.forEach((group, g) => {
    const suffixes = GROUP_CATALOGUE[g]!.squads;
    const count = profile.squadsPerGroup[g]!;
    for (let j = 0; j < count; j++) {
      const suffix = suffixes[j]!;
      const index = squads.length;
      const key = `${group.key}-${suffix}`;
      const archetype = archetypeForSquad(index);
      squads.push({
        key,
        name: `${group.name} ${titleCase(suffix)}`,
        group,
        stem: suffix === 'core' ? group.key : suffix,
        index,
        archetype,
        behaviour: squadBehaviour(archetype, Rng.derive(seed, 'squad-behaviour', key)),
        humans: [],
        agents: [],
      });
    }
  });
  return squads;
}

function buildHumans(profile: SizeProfile, squads: SquadModel[], rng: Rng): PersonModel[] {
  const firsts = [...new Set(FIRST_NAMES)];
  const lasts = [...new Set(LAST_NAMES)];
  const combos = rng.shuffle(Array.from({ length: firsts.length * lasts.length }, (_, i) => i));
  const logins = new Set<string>();
  const pagerduty = new Set<string>();
  const humans: PersonModel[] = [];
  for (let i = 0; i < profile.humans; i++) {
    const combo = combos[i % combos.length]!;
    const first = firsts[combo % firsts.length]!;
    const last = lasts[Math.floor(combo / firsts.length)]!;
    const f = asciiLower(first);
    const l = asciiLower(last);
    const key = i < combos.length ? `${f}.${l}` : `${f}.${l}-${i}`;
    let github = rng.pick([`${f}${l}`, `${f.charAt(0)}${l}`, `${f}-${l.charAt(0)}`, `${f}${l}${rng.int(1, 99)}`]);
    while (logins.has(github)) github = `${github}${rng.int(0, 9)}`;
    logins.add(github);
    let pd: string | null = null;
    if (rng.chance(0.6)) {
      do pd = `P${rng.hex(6).toUpperCase()}`;
      while (pagerduty.has(pd));
      pagerduty.add(pd);
    }
    const zone = rng.chance(0.35) ? rng.pick(TIME_ZONES) : null;
    humans.push({
      key,
      name: `${first} ${last}`,
      kind: 'human',
      email: `${f}.${l}@${ORG_DOMAIN}`,
      altEmail: rng.chance(0.25) ? `${github}@users.noreply.github.com` : null,
      github,
      pagerduty: pd,
      squads: [],
      roles: [],
      timeZone: zone?.zone ?? null,
      offsetMinutes: zone?.offsetMinutes ?? 0,
    });
  }
  return humans;
}

/** Assigns humans to squads (round-robin, a few in two squads) and names the practice leads. */
function staffSquads(profile: SizeProfile, squads: SquadModel[], humans: PersonModel[], rng: Rng): PersonModel[] {
  const leads = humans.slice(0, Math.min(profile.practiceLeads, humans.length));
  const leadHome = [squads.find((s) => s.group.index === 1) ?? squads[0]!, squads.find((s) => s.group.index === 2) ?? squads[squads.length - 1]!];
  leads.forEach((lead, i) => {
    const home = leadHome[i % leadHome.length]!;
    lead.roles.push('practice_lead');
    lead.squads.push(home.key);
    home.humans.push(lead);
  });
  humans.slice(leads.length).forEach((person, i) => {
    const squad = squads[i % squads.length]!;
    person.squads.push(squad.key);
    squad.humans.push(person);
    if (rng.chance(0.06) && squads.length > 1) {
      const sameGroup = squads.filter((s) => s.group === squad.group && s !== squad);
      const other = rng.pick(sameGroup.length > 0 ? sameGroup : squads.filter((s) => s !== squad));
      person.squads.push(other.key);
      other.humans.push(person);
    }
  });
  return leads;
}

function buildAgents(profile: SizeProfile, squads: SquadModel[]): PersonModel[] {
  const agents: PersonModel[] = [];
  for (let i = 0; i < profile.agents; i++) {
    const vendor = AGENT_VENDORS[i % AGENT_VENDORS.length]!;
    const n = Math.floor(i / AGENT_VENDORS.length) + 1;
    agents.push({
      key: `agent-${vendor.id}-${n}`,
      name: `${vendor.name} Agent ${n}`,
      kind: 'agent',
      email: `agent-${vendor.id}-${n}@agents.${ORG_DOMAIN}`,
      altEmail: null,
      github: `${vendor.id}-agent-${n}[bot]`,
      pagerduty: null,
      squads: [],
      roles: [],
      timeZone: null,
      offsetMinutes: 0,
    });
  }
  if (agents.length === 0) return agents;
  let cursor = 0;
  for (const squad of squads) {
    const slots = squad.archetype === 'drift' ? 3 : 1;
    for (let k = 0; k < Math.min(slots, agents.length); k++) {
      const agent = agents[cursor++ % agents.length]!;
      if (squad.agents.includes(agent)) continue;
      squad.agents.push(agent);
      agent.squads.push(squad.key);
    }
  }
  return agents;
}

function bot(key: string, name: string, github: string, userId: number): PersonModel {
  return {
    key,
    name,
    kind: 'bot',
    email: `${userId}+${github}@users.noreply.github.com`,
    altEmail: null,
    github,
    pagerduty: null,
    squads: [],
    roles: [],
    timeZone: null,
    offsetMinutes: 0,
  };
}

function buildBots(): BotModels {
  return {
    dependabot: bot('dependabot', 'Dependabot', 'dependabot[bot]', 49699333),
    renovate: bot('renovate', 'Renovate', 'renovate[bot]', 29139614),
    actions: bot('github-actions', 'GitHub Actions', 'github-actions[bot]', 41898282),
  };
}

function effectiveDays(start: number, end: number): number {
  let days = 0;
  for (let day = start; day < end; day += DAY) days += isWeekend(day + 12 * 3_600_000) ? WEEKEND_ACTIVITY : 1;
  return days;
}

function buildRepos(profile: SizeProfile, squads: SquadModel[], rng: Rng): RepoModel[] {
  const perSquad = squads.map((_, i) => Math.floor(profile.repositories / squads.length) + (i < profile.repositories % squads.length ? 1 : 0));
  const maxPerSquad = Math.max(...perSquad);
  // Deployable: every squad's first repository, then second ones, … until the service count.
  const deployable = squads.map((_, i) => new Array<boolean>(perSquad[i]!).fill(false));
  let services = 0;
  for (let j = 0; j < maxPerSquad && services < profile.services; j++) {
    for (let i = 0; i < squads.length && services < profile.services; i++) {
      if (j < perSquad[i]!) {
        deployable[i]![j] = true;
        services++;
      }
    }
  }
  const repos: RepoModel[] = [];
  squads.forEach((squad, i) => {
    let dk = 0;
    let lk = 0;
    for (let j = 0; j < perSquad[i]!; j++) {
      const isDeployable = deployable[i]![j]!;
      const kind = isDeployable ? DEPLOYABLE_REPO_KINDS[dk++ % DEPLOYABLE_REPO_KINDS.length]! : LIBRARY_REPO_KINDS[lk++ % LIBRARY_REPO_KINDS.length]!;
      const name = `${squad.stem}-${kind}`;
      const owners = [squad];
      if (rng.chance(0.25) && squads.length > 1) {
        const sameGroup = squads.filter((s) => s.group === squad.group && s !== squad);
        owners.push(rng.pick(sameGroup.length > 0 ? sameGroup : squads.filter((s) => s !== squad)));
      }
      repos.push({
        key: `${GITHUB_ORG}/${name}`,
        name,
        index: repos.length,
        squads: owners,
        language: rng.weighted<Language>(['ts', 'go', 'py'], [0.6, 0.25, 0.15]),
        deployable: isDeployable,
        mergeStyle: rng.chance(0.2) ? 'squash' : 'merge',
        services: [],
        prRate: squad.behaviour.prRate * (isDeployable ? 1 : 0.6),
      });
    }
  });
  return repos;
}

function buildServices(repos: RepoModel[], rng: Rng): ServiceModel[] {
  const services: ServiceModel[] = [];
  for (const repo of repos) {
    if (!repo.deployable) continue;
    const extra = repos.find((r) => !r.deployable && r.squads[0] === repo.squads[0]);
    const repositories = [repo.key];
    if (extra && rng.chance(0.3)) repositories.push(extra.key);
    const service: ServiceModel = {
      key: repo.name,
      name: repo.name
        .split('-')
        .map((w) => (w === 'api' ? 'API' : titleCase(w)))
        .join(' '),
      squads: repo.squads,
      repositories,
      repo,
      // weekly deployers ship all their services on the squad's release day
      deployWeekday: 2 + (repo.squads[0]!.index % 3),
    };
    repo.services.push(service);
    services.push(service);
  }
  return services;
}

function patternTitle(i: number): string {
  const concept = PATTERN_CONCEPTS[i % PATTERN_CONCEPTS.length]!;
  const round = Math.floor(i / PATTERN_CONCEPTS.length);
  return round === 0 ? concept : `${concept} for ${PATTERN_CONTEXTS[(round - 1) % PATTERN_CONTEXTS.length]}`;
}

export function patternKey(n: number): string {
  return `PAT-${String(n).padStart(3, '0')}`;
}

/**
 * The pattern library: most entries active, a few retired (one before the history starts,
 * the others during it), each replaced by a newer entry with a migration note.
 */
function buildPatterns(profile: SizeProfile, start: number, end: number, rng: Rng): PatternModel[] {
  const count = profile.patterns;
  const retired = Math.min(profile.retiredPatterns, Math.floor(count / 3));
  const span = end - start;
  const patterns: PatternModel[] = [];
  for (let i = 0; i < count; i++) {
    patterns.push({
      key: patternKey(i + 1),
      title: patternTitle(i),
      createdAt: start - rng.int(60, 700) * DAY + rng.int(8 * 60, 18 * 60) * 60_000,
      updatedAt: null,
      retiredAt: null,
      replacedBy: null,
      migrationNote: null,
    });
  }
  const originals = count - retired;
  for (let r = 0; r < retired; r++) {
    const old = patterns[Math.floor(((r + 0.5) * originals * 0.6) / retired)]!;
    const replacement = patterns[originals + r]!;
    const retiredAt = r === 0 ? start - 20 * DAY : start + (span * r * 0.9) / retired;
    const at = Math.round(retiredAt / 60_000) * 60_000;
    replacement.createdAt = at - rng.int(3, 20) * DAY;
    replacement.title = `${old.title} (v2)`;
    old.retiredAt = at;
    old.updatedAt = at;
    old.replacedBy = replacement.key;
    old.migrationNote =
      `Use ${replacement.key} (${replacement.title}) instead; see docs/patterns/${replacement.key}.md. ` +
      `Migrate remaining call sites when you next touch them.`;
  }
  // A couple of entries added or edited during the history, one of them recently.
  if (originals > 3) patterns[originals - 1]!.createdAt = start + Math.round(span * 0.5);
  for (const p of patterns) {
    if (p.retiredAt === null && rng.chance(0.25)) p.updatedAt = Math.max(p.createdAt, start + rng.int(0, Math.max(0, Math.floor(span / DAY) - 20)) * DAY);
  }
  const recent = patterns.find((p) => p.retiredAt === null && p.createdAt < end - 30 * DAY);
  if (recent) recent.updatedAt = end - 10 * DAY + rng.int(0, 600) * 60_000;
  return patterns;
}

export function buildOrg(profile: SizeProfile, seed: number, start: number, end: number): OrgModel {
  const rng = Rng.derive(seed, 'org', profile.size);
  const groups = buildGroups(profile);
  const squads = buildSquads(profile, groups, seed);
  const humans = buildHumans(profile, squads, rng);
  const practiceLeads = staffSquads(profile, squads, humans, rng);
  const agents = buildAgents(profile, squads);
  const repos = buildRepos(profile, squads, rng);
  const services = buildServices(repos, rng);
  const patterns = buildPatterns(profile, start, end, rng);
  // The PR rate per repository: the size's PR target spread over repositories by their squads' pace.
  const weight = repos.reduce((sum, r) => sum + r.prRate, 0);
  const base = (profile.targets.pullRequests * 0.95) / (weight * effectiveDays(start, end));
  for (const repo of repos) repo.prRate *= base;
  return { seed, start, end, profile, groups, squads, humans, agents, bots: buildBots(), practiceLeads, repos, services, patterns };
}

export function squadArchetypes(profile: SizeProfile): Record<string, Archetype> {
  const out: Record<string, Archetype> = {};
  let index = 0;
  profile.squadsPerGroup.forEach((count, g) => {
    const group = GROUP_CATALOGUE[g]!;
    for (let j = 0; j < count; j++) out[`${group.key}-${group.squads[j]!}`] = archetypeForSquad(index++);
  });
  return out;
}

function personRecord(p: PersonModel): PersonRecord {
  const record: PersonRecord = { type: 'person', key: p.key, name: p.name, kind: p.kind };
  record.emails = p.altEmail ? [p.email, p.altEmail] : [p.email];
  record.logins = p.pagerduty ? { github: p.github, pagerduty: p.pagerduty } : { github: p.github };
  if (p.squads.length > 0) record.squads = [...p.squads];
  if (p.roles.length > 0) record.roles = [...p.roles];
  if (p.timeZone) record.timeZone = p.timeZone;
  return record;
}

function patternRecord(p: PatternModel): PatternRecord {
  const record: PatternRecord = {
    type: 'pattern',
    key: p.key,
    title: p.title,
    status: p.retiredAt === null ? 'active' : 'retired',
    createdAt: new Date(p.createdAt).toISOString(),
    path: `docs/patterns/${p.key}.md`,
  };
  if (p.updatedAt !== null) record.updatedAt = new Date(p.updatedAt).toISOString();
  if (p.retiredAt !== null) {
    record.retiredAt = new Date(p.retiredAt).toISOString();
    record.replacedBy = p.replacedBy;
    record.migrationNote = p.migrationNote;
  }
  return record;
}

/** Structure records in contract order: group, squad, person, service, repository, pattern. */
export function* structureRecords(org: OrgModel): Generator<CanonicalRecord> {
  for (const g of org.groups) {
    const record: GroupRecord = { type: 'group', key: g.key, name: g.name };
    if (g.parent) record.parent = g.parent;
    yield record;
  }
  for (const s of org.squads) {
    const record: SquadRecord = { type: 'squad', key: s.key, name: s.name, group: s.group.key };
    yield record;
  }
  for (const p of [...org.humans, ...org.agents, org.bots.dependabot, org.bots.renovate, org.bots.actions]) yield personRecord(p);
  for (const s of org.services) {
    const record: ServiceRecord = { type: 'service', key: s.key, name: s.name, squads: s.squads.map((q) => q.key), repositories: [...s.repositories] };
    yield record;
  }
  for (const r of org.repos) {
    const record: RepositoryRecord = {
      type: 'repository',
      key: r.key,
      url: `https://github.com/${r.key}`,
      squads: r.squads.map((q) => q.key),
      defaultBranch: 'main',
    };
    yield record;
  }
  for (const p of org.patterns) yield patternRecord(p);
}
