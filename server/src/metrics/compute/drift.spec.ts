import type { Period } from '../period.js';
import { type DriftEpisodeRow, driftCaughtEarlyRate, driftEpisodes, driftExpensiveRate, driftRecoveryTime, toDriftEpisode } from './drift.js';

const P: Period = { from: '2026-05-04', to: '2026-05-11', interval: 'week', timeZone: 'UTC' };
const END = '2026-05-11T00:00:00.000Z';
const ep = (id: string, startedAt: string, recoveredAt: string | null, agent = true): DriftEpisodeRow => ({
  id,
  unit: `session:${id}`,
  unitKind: 'session',
  repo: 'acme/a',
  prNumber: null,
  sessionId: id,
  person: 'codex',
  agent,
  squad: 'a',
  startedAt,
  recoveredAt,
  recovery: recoveredAt ? 'session_stopped' : null,
  recoveryRef: null,
  startedLocalDate: startedAt.slice(0, 10),
  recoveredLocalDate: recoveredAt ? recoveredAt.slice(0, 10) : null,
});

/**
 * Period [05-04, 05-11):
 *   x: 05-05 10:00 → 10:10 (600 s, agent)
 *   y: 05-06 10:00 → 13:00 (10800 s, human)
 *   z: 05-03 23:00 → 05-04 01:00 (7200 s: started before the period, recovered in it, agent)
 *   o: 05-10 20:00, open (never recovered) → age at 05-11 00:00 = 4 h = 14400 s
 *   w: 05-10 22:00 → 05-11 02:00: recovered after the period's end → open at the end, age 2 h
 */
const episodes = [
  ep('x', '2026-05-05T10:00:00.000Z', '2026-05-05T10:10:00.000Z'),
  ep('y', '2026-05-06T10:00:00.000Z', '2026-05-06T13:00:00.000Z', false),
  ep('z', '2026-05-03T23:00:00.000Z', '2026-05-04T01:00:00.000Z'),
  ep('o', '2026-05-10T20:00:00.000Z', null),
  ep('w', '2026-05-10T22:00:00.000Z', '2026-05-11T02:00:00.000Z'),
];

describe('drift metrics (pure)', () => {
  it('recovery time: recovered in the period only; open episodes are left out', () => {
    // durations 600, 7200, 10800 → median 7200; p90 rank 1.8 → 7200 + 0.8 × 3600 = 10080
    const m = driftRecoveryTime(episodes, P, END);
    expect(m).toMatchObject({ value: 7200, p90: 10080, sampleSize: 3, openAtEnd: 2 });
    expect(m.split).toMatchObject({ agent: { value: 3900, sampleSize: 2 }, human: { value: 10800, sampleSize: 1 } });
  });

  it('episodes started in the period, per 100 units', () => {
    // started in [05-04, 05-11): x y o w = 4 (z started 05-03); units: 8 (agent 5, human 3) → 50 per 100
    const m = driftEpisodes(episodes, [{ localDate: '2026-05-04', agent: true, n: 5 }, { localDate: '2026-05-05', agent: false, n: 3 }, { localDate: '2026-05-11', agent: true, n: 9 }], P, END);
    expect(m).toMatchObject({ value: 4, units: 8, per100Units: 50, perWeek: 4 });
    // agent: x o w = 3 over 5 → 60; human: y over 3 → 33.33
    expect(m.split).toMatchObject({ agent: { value: 3, units: 5, per100Units: 60 }, human: { value: 1, units: 3, per100Units: 33.33 } });
  });

  it('early and expensive shares over recovered episodes; null when none recovered', () => {
    // ≤ 900 s: x → 1/3; > 7200 s: y → 1/3 (z is exactly 7200: not expensive)
    expect(driftCaughtEarlyRate(episodes, P, 900).value).toBeCloseTo(1 / 3, 10);
    expect(driftExpensiveRate(episodes, P, 7200).value).toBeCloseTo(1 / 3, 10);
    expect(driftCaughtEarlyRate([episodes[3]!], P, 900)).toMatchObject({ value: null, sampleSize: 0 });
  });

  it('an episode open at the period end shows its age, not a duration', () => {
    expect(toDriftEpisode(episodes[3]!, END, '2026-11-01T00:00:00.000Z')).toMatchObject({ status: 'open', ageSeconds: 14400, durationSeconds: null, recoveredAt: null });
    expect(toDriftEpisode(episodes[4]!, END, '2026-11-01T00:00:00.000Z')).toMatchObject({ status: 'open', ageSeconds: 7200, recovery: null });
    // a period not yet over: the age runs to now
    expect(toDriftEpisode(episodes[3]!, END, '2026-05-10T21:00:00.000Z').ageSeconds).toBe(3600);
    expect(toDriftEpisode(episodes[0]!, END, '2026-11-01T00:00:00.000Z')).toMatchObject({ status: 'recovered', durationSeconds: 600, ageSeconds: null });
  });
});
