import type { PersonKind } from '@bearing/shared';
import type { MetricRules } from './rules.js';

export interface PersonRow {
  key: string;
  kind: PersonKind;
  emails: string[] | null;
  logins: Record<string, string> | null;
  roles: string[] | null;
  timeZone: string | null;
}

export interface Identity {
  /** person key when known, else the raw identity (lower-cased) */
  key: string;
  kind: PersonKind;
  known: boolean;
  roles: string[];
  timeZone: string | null;
  /** why the kind was decided: person-record | bot-pattern | agent-pattern | default-human */
  rule: string;
}

/**
 * Resolves the identities found in events (person key, email or login) to people, so one
 * person with several accounts counts once, and bots/agents are recognised.
 */
export class IdentityIndex {
  private readonly byAlias = new Map<string, PersonRow>();
  private readonly bot: RegExp[];
  private readonly agent: RegExp[];

  constructor(people: PersonRow[], rules: Pick<MetricRules, 'botPatterns' | 'agentPatterns'>) {
    for (const p of people) {
      this.byAlias.set(p.key.toLowerCase(), p);
      for (const e of p.emails ?? []) this.byAlias.set(e.toLowerCase(), p);
      for (const l of Object.values(p.logins ?? {})) if (!this.byAlias.has(l.toLowerCase())) this.byAlias.set(l.toLowerCase(), p);
    }
    this.bot = rules.botPatterns.map((r) => new RegExp(r, 'i'));
    this.agent = rules.agentPatterns.map((r) => new RegExp(r, 'i'));
  }

  resolve(raw: string | null | undefined): Identity {
    const alias = (raw ?? '').trim().toLowerCase();
    const p = this.byAlias.get(alias);
    if (p) {
      const patternKind = this.patternKind(alias) ?? this.patternKind(p.key);
      const kind = p.kind !== 'human' ? p.kind : (patternKind ?? 'human');
      return { key: p.key, kind, known: true, roles: p.roles ?? [], timeZone: p.timeZone, rule: p.kind !== 'human' || !patternKind ? 'person-record' : `${patternKind}-pattern` };
    }
    const kind = this.patternKind(alias);
    return { key: alias, kind: kind ?? 'human', known: false, roles: [], timeZone: null, rule: kind ? `${kind}-pattern` : 'default-human' };
  }

  private patternKind(alias: string): PersonKind | null {
    if (this.agent.some((r) => r.test(alias))) return 'agent';
    if (this.bot.some((r) => r.test(alias))) return 'bot';
    return null;
  }

  /** `Co-authored-by: Name <email>` trailers naming an agent */
  agentCoAuthor(message: string): string | null {
    for (const m of message.matchAll(/^co-authored-by:\s*(.*?)\s*<([^>]+)>\s*$/gim)) {
      const byEmail = this.resolve(m[2]);
      if (byEmail.kind === 'agent') return byEmail.key;
      const byName = this.resolve(m[1]);
      if (byName.kind === 'agent') return byName.key;
    }
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}


/** UTC offsets (ms) per zone and 15-minute UTC bucket: zone transitions fall on such instants */
const OFFSET_BUCKET_MS = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/** The zone's UTC offset at the start of the instant's 15-minute bucket (Intl, once per bucket). */
function offsetAt(ms: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const bucket = Math.floor(ms / OFFSET_BUCKET_MS);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const start = bucket * OFFSET_BUCKET_MS;
    const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(start)).map((x) => [x.type, x.value]));
    offset = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - start;
    if (zone.size > 200_000) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

/**
 * Local calendar date, weekday (0 = Sunday) and fractional hour of an instant in a zone. The
 * zone's offset is looked up once per 15-minute bucket (`Intl` is slow: this runs for every
 * commit of a recompute), then the local wall clock is plain arithmetic.
 */
export function localParts(at: Date, timeZone: string): { date: string; weekday: number; hour: number } {
  const ms = at.getTime();
  const local = new Date(ms + offsetAt(ms, timeZone));
  const y = local.getUTCFullYear();
  const mo = local.getUTCMonth() + 1;
  const d = local.getUTCDate();
  return {
    date: `${String(y).padStart(4, '0')}-${mo < 10 ? '0' : ''}${mo}-${d < 10 ? '0' : ''}${d}`,
    weekday: local.getUTCDay(),
    hour: local.getUTCHours() + local.getUTCMinutes() / 60,
  };
}

export function localDate(at: Date, timeZone: string): string {
  return localParts(at, timeZone).date;
}

export function isOutOfHours(at: Date, timeZone: string, hours: MetricRules['workingHours']): boolean {
  const p = localParts(at, timeZone);
  return !hours.days.includes(p.weekday) || p.hour < hours.start || p.hour >= hours.end;
}
