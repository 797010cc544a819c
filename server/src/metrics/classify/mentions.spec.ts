import { incidentMentionMatcher } from './repo-facts.js';

describe('incident mentions in PR text', () => {
  const match = incidentMentionMatcher(['inc-42', 'inc-4', 'INC-7.1', 'x'])!;

  it('finds whole incident ids only', () => {
    expect(match('Fix for inc-42 (rollback follow-up)')).toEqual(['inc-42']);
    expect(match('see inc-420 and inc-42x')).toEqual([]); // longer tokens are other ids
    expect(match('INC-7.1 regression')).toEqual(['INC-7.1']); // regex metacharacters escaped
  });

  it('ignores ids too short to be meaningful and returns null with no usable id', () => {
    expect(match('x marks the spot')).toEqual([]);
    expect(incidentMentionMatcher(['ab'])).toBeNull();
  });
});
