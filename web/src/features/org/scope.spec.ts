import type { GroupSummary, SquadSummary } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { isScopeVisible } from './scope';

const squads: SquadSummary[] = [
  { key: 'exp', name: 'Experiments', group: 'growth', repositories: [], services: [], people: 2 },
];
const groups: GroupSummary[] = [
  { key: 'growth', name: 'Growth', parent: null, squads: ['exp'] },
  { key: 'growth-web', name: 'Growth Web', parent: 'growth', squads: [] },
];

describe('isScopeVisible', () => {
  it('lets org-wide users read everything listed', () => {
    expect(isScopeVisible('org', squads, groups, ['org'])).toBe(true);
    expect(isScopeVisible('group:growth', squads, groups, ['org'])).toBe(true);
  });

  it('lets a director read their group and its sub-groups, not the org', () => {
    expect(isScopeVisible('org', squads, groups, ['group:growth'])).toBe(false);
    expect(isScopeVisible('group:growth-web', squads, groups, ['group:growth'])).toBe(true);
  });

  it('keeps a squad-scoped viewer to their squads, even when /groups lists the group around them', () => {
    expect(isScopeVisible('squad:exp', squads, groups, ['squad:exp'])).toBe(true);
    expect(isScopeVisible('group:growth', squads, groups, ['squad:exp'])).toBe(false);
    expect(isScopeVisible('squad:other', squads, groups, ['squad:exp'])).toBe(false);
  });
});
