import type { Principal, Role } from '../auth.types.js';
import { AccessContext, type OrgVisibilityLookup } from './access-context.js';

/** groups: payments (squads core, ledger) with child group payments-eu (squad eu); growth (squad exp) */
const lookup: OrgVisibilityLookup & { calls: number } = {
  calls: 0,
  async expandGroups(groups) {
    this.calls++;
    const tree: Record<string, { groups: string[]; squads: string[] }> = {
      payments: { groups: ['payments', 'payments-eu'], squads: ['core', 'eu', 'ledger'] },
      growth: { groups: ['growth'], squads: ['exp'] },
    };
    const parts = groups.map((g) => tree[g] ?? { groups: [g], squads: [] });
    return { groups: parts.flatMap((p) => p.groups), squads: parts.flatMap((p) => p.squads) };
  },
};

const who = (roles: Role[], scope: { groups?: string[]; squads?: string[] } = {}): Principal => ({
  kind: 'user',
  id: 'u',
  label: 'u',
  roles,
  tokenScopes: [],
  groups: scope.groups ?? [],
  squads: scope.squads ?? [],
  via: 'session',
});

describe('AccessContext', () => {
  it('admins, VPs, practice leads and tokens see everything', async () => {
    for (const roles of [['admin'], ['vp'], ['practice_lead'], ['viewer', 'vp']] as Role[][]) {
      const a = new AccessContext(who(roles), lookup);
      expect(a.orgWide).toBe(true);
      expect(await a.visibleSquads()).toBeNull();
      await expect(a.assertCanRead({ kind: 'org' })).resolves.toBeUndefined();
    }
    const t = new AccessContext({ ...who([]), kind: 'token', tokenScopes: ['read'], via: 'bearer' }, lookup);
    expect(await t.canRead({ kind: 'squad', key: 'anything' })).toBe(true);
  });

  it('a director sees their groups, the groups below, and every squad in them; not org or other groups', async () => {
    const a = new AccessContext(who(['director'], { groups: ['payments'] }), lookup);
    expect(await a.visibleSquads()).toEqual(['core', 'eu', 'ledger']);
    expect(await a.canRead({ kind: 'group', key: 'payments-eu' })).toBe(true);
    expect(await a.canRead({ kind: 'squad', key: 'eu' })).toBe(true);
    expect(await a.canRead({ kind: 'group', key: 'growth' })).toBe(false);
    expect(await a.canRead({ kind: 'org' })).toBe(false);
    await expect(a.assertCanRead({ kind: 'squad', key: 'exp' })).rejects.toMatchObject({ code: 'forbidden', details: { field: 'scope' } });
  });

  it("a squad lead sees their squads only, not the group around them; a user's several roles add up", async () => {
    const lead = new AccessContext(who(['squad_lead'], { squads: ['core'] }), lookup);
    expect(await lead.canRead({ kind: 'squad', key: 'core' })).toBe(true);
    expect(await lead.canRead({ kind: 'squad', key: 'ledger' })).toBe(false);
    expect(await lead.canRead({ kind: 'group', key: 'payments' })).toBe(false);
    const both = new AccessContext(who(['squad_lead', 'director'], { squads: ['exp'], groups: ['payments'] }), lookup);
    expect(await both.visibleSquads()).toEqual(['core', 'eu', 'exp', 'ledger']);
  });

  it('looks the org up once per request', async () => {
    const before = lookup.calls;
    const a = new AccessContext(who(['director'], { groups: ['growth'] }), lookup);
    await a.visibleSquads();
    await a.canRead({ kind: 'squad', key: 'exp' });
    await a.visibleGroups();
    expect(lookup.calls - before).toBe(1);
  });
});
