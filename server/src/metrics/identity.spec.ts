import fc from 'fast-check';
import { IdentityIndex, type PersonRow, isOutOfHours, localParts } from './identity.js';
import { DEFAULT_RULES } from './rules.js';

const people: PersonRow[] = [
  { key: 'ana', kind: 'human', emails: ['Ana@Acme.test'], logins: { github: 'ana-gh', pagerduty: 'PANA' }, roles: ['practice_lead'], timeZone: 'Europe/Paris' },
  { key: 'codex', kind: 'agent', emails: ['codex@agents.acme.test'], logins: { github: 'codex-bot-account' }, roles: null, timeZone: null },
  { key: 'rita', kind: 'human', emails: null, logins: null, roles: null, timeZone: null },
];
const rules = { botPatterns: DEFAULT_RULES.botPatterns, agentPatterns: ['^claude'] };
const ids = new IdentityIndex(people, rules);
const hours = DEFAULT_RULES.workingHours; // Mon–Fri [09:00, 18:00)

describe('identity resolution', () => {
  it('resolves a person key, an email and a login to the same person, case-insensitively', () => {
    for (const alias of ['ana', 'ANA@acme.TEST', 'Ana-GH', 'pana']) {
      expect(ids.resolve(alias)).toEqual({ key: 'ana', kind: 'human', known: true, roles: ['practice_lead'], timeZone: 'Europe/Paris', rule: 'person-record' });
    }
  });

  it('keeps an unknown identity as itself (lower-cased), human by default', () => {
    expect(ids.resolve(' Someone@Else.test ')).toEqual({ key: 'someone@else.test', kind: 'human', known: false, roles: [], timeZone: null, rule: 'default-human' });
  });

  it('recognises bots by the configured patterns', () => {
    expect(ids.resolve('dependabot[bot]')).toMatchObject({ key: 'dependabot[bot]', kind: 'bot', rule: 'bot-pattern' });
    expect(ids.resolve('renovate')).toMatchObject({ kind: 'bot', rule: 'bot-pattern' });
  });

  it('recognises agents by a person record and by the configured agent patterns', () => {
    // the agent's GitHub login resolves to its person record (kind agent)
    expect(ids.resolve('codex-bot-account')).toMatchObject({ key: 'codex', kind: 'agent', rule: 'person-record' });
    expect(ids.resolve('claude-code')).toMatchObject({ key: 'claude-code', kind: 'agent', rule: 'agent-pattern' });
  });

  it('finds an agent named in a Co-authored-by trailer, by email or by name', () => {
    expect(ids.agentCoAuthor('Fix rounding\n\nCo-authored-by: Codex <codex@agents.acme.test>')).toBe('codex');
    expect(ids.agentCoAuthor('Fix rounding\n\nco-authored-by: claude <noreply@example.test>')).toBe('claude');
    // a human co-author is not an agent
    expect(ids.agentCoAuthor('Pairing\n\nCo-authored-by: Rita <rita>')).toBeNull();
  });
});

describe('working hours', () => {
  it('takes the local date, weekday and hour in the given zone', () => {
    // 2026-03-01T23:30Z is Monday 00:30 in Paris (UTC+1) but Sunday 18:30 in New York (UTC−5)
    expect(localParts(new Date('2026-03-01T23:30:00Z'), 'Europe/Paris')).toEqual({ date: '2026-03-02', weekday: 1, hour: 0.5 });
    expect(localParts(new Date('2026-03-01T23:30:00Z'), 'America/New_York')).toEqual({ date: '2026-03-01', weekday: 0, hour: 18.5 });
  });

  it('equals Intl every 5 minutes around DST changes and in half- and quarter-hour zones (offsets cached per 15 min)', () => {
    const formats = new Map<string, Intl.DateTimeFormat>();
    const format = (timeZone: string) =>
      formats.get(timeZone) ??
      formats
        .set(timeZone, new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' }))
        .get(timeZone)!;
    const intl = (at: Date, timeZone: string) => {
      const p = Object.fromEntries(
        format(timeZone)
          .formatToParts(at)
          .map((x) => [x.type, x.value]),
      );
      return { date: `${p.year}-${p.month}-${p.day}`, weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!), hour: Number(p.hour) + Number(p.minute) / 60 };
    };
    const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Adelaide', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham'];
    // every 5 minutes across Paris' and New York's spring-forward and fall-back days of 2026, and Adelaide's (02:00 → 03:00 local at 16:30 UTC)
    for (const [zone, day] of [['Europe/Paris', '2026-03-29'], ['Europe/Paris', '2026-10-25'], ['America/New_York', '2026-03-08'], ['America/New_York', '2026-11-01'], ['Australia/Adelaide', '2026-10-03'], ['Australia/Lord_Howe', '2026-10-03']] as const) {
      const start = Date.parse(`${day}T00:00:00Z`);
      for (let m = 0; m < 36 * 60; m += 5) {
        const at = new Date(start + m * 60_000 + 17_000);
        expect(localParts(at, zone)).toEqual(intl(at, zone));
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }), fc.constantFrom(...zones), (ms, zone) => {
        const at = new Date(ms);
        expect(localParts(at, zone)).toEqual(intl(at, zone));
      }),
      { numRuns: 1000 },
    );
  });

  it('is within hours from 09:00 inclusive to 18:00 exclusive, Monday to Friday', () => {
    // Monday 2026-03-02 in UTC
    expect(isOutOfHours(new Date('2026-03-02T08:59:00Z'), 'UTC', hours)).toBe(true); // 08:59 < 09:00
    expect(isOutOfHours(new Date('2026-03-02T09:00:00Z'), 'UTC', hours)).toBe(false); // 09:00 is the first minute in
    expect(isOutOfHours(new Date('2026-03-02T17:59:00Z'), 'UTC', hours)).toBe(false);
    expect(isOutOfHours(new Date('2026-03-02T18:00:00Z'), 'UTC', hours)).toBe(true); // 18:00 is out
    expect(isOutOfHours(new Date('2026-03-07T12:00:00Z'), 'UTC', hours)).toBe(true); // Saturday noon
  });

  it("uses the person's own zone when it is known, instead of the org's", () => {
    // 2026-03-02T01:00Z: Monday 10:00 in Tokyo (in hours) but 01:00 in UTC (out of hours)
    const at = new Date('2026-03-02T01:00:00Z');
    expect(isOutOfHours(at, 'Asia/Tokyo', hours)).toBe(false);
    expect(isOutOfHours(at, 'UTC', hours)).toBe(true);
  });
});
