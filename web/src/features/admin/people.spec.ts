import { describe, expect, it } from '@jest/globals';
import { identitiesOf, identityText, mergeNotice, mergeTarget } from './people';

describe('people and identities', () => {
  it('lists emails, then logins by source with extra accounts of a source after the first', () => {
    const ids = identitiesOf({ emails: ['ana@acme.test'], logins: { 'github:10': 'c', pagerduty: 'PANA', 'github:2': 'b', github: 'a' } });
    expect(ids.map(identityText)).toEqual(['ana@acme.test', 'github: a', 'github: b', 'github: c', 'pagerduty: PANA']);
  });

  it('checks the merge target: picked or typed, not the same person, one of the listed people', () => {
    const known = [
      { key: 'ana', name: 'Ana' },
      { key: 'ana-gh', name: 'Ana (old)' },
    ];
    expect(mergeTarget('ana — Ana', 'ana-gh', known)).toEqual({ ok: true, key: 'ana' });
    expect(mergeTarget(' ana ', 'ana-gh', known)).toEqual({ ok: true, key: 'ana' });
    expect(mergeTarget('', 'ana-gh', known)).toEqual({ ok: false, error: 'pick the person to keep' });
    expect(mergeTarget('ana-gh', 'ana-gh', known)).toEqual({ ok: false, error: 'a person cannot be merged into themselves' });
    expect(mergeTarget('bo', 'ana-gh', known).ok).toBe(false);
  });

  it('sums the re-pointed records in the notice', () => {
    const person = { key: 'ana', name: 'Ana', kind: 'human' as const, emails: [], logins: {}, squads: [], roles: [] };
    expect(mergeNotice({ person, merged: 'ana-gh', moved: { reviews: 3, commits: 1 } })).toBe('Merged ana-gh into ana: 4 records re-pointed; metrics recomputed.');
    expect(mergeNotice({ person, merged: 'x', moved: { reviews: 1 } })).toMatch(/1 record re-pointed/);
  });
});
