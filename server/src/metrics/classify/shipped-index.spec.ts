import { ShippedIndex } from './shipped-index.js';
import type { IncidentInput } from './types.js';

const incident = (id: string, causedBy: IncidentInput['causedBy']): IncidentInput => ({
  id,
  service: 'api',
  openedAt: new Date('2026-03-01T10:00:00Z'),
  resolvedAt: null,
  causedBy,
});
const change = (deploymentId: string, shas: string[], prNumber: number | null = null, labels: string[] | null = null) => ({
  repo: 'acme/api',
  deploymentId,
  prNumber,
  labels,
  shas,
});

describe('ShippedIndex: what attribution and outcomes keep of the shipped changes', () => {
  it('keeps only the commits incidents name, exactly or by an abbreviation of 7+ characters, first deployment wins', () => {
    const ix = new ShippedIndex([
      incident('i1', { sha: 'AAAAAAA1111' }), // upper case in the incident: compared in lower case
      incident('i2', { sha: 'bbbbbbb' }), // a 7-character abbreviation
      incident('i3', { sha: 'ccc' }), // too short to be an abbreviation: exact only
    ]);
    expect(ix.causeShas).toEqual(['aaaaaaa1111', 'bbbbbbb', 'ccc']);
    expect(ix.causePrefixes).toEqual(['aaaaaaa', 'bbbbbbb']);
    ix.add(change('d1', ['aaaaaaa1111', 'bbbbbbb9999', 'ccc999', 'ddddddd']));
    ix.add(change('d2', ['aaaaaaa1111', 'ccc'])); // aaaa… already shipped by d1
    // kept: the exact match (d1), the abbreviation's full sha (d1), the exact short one (d2);
    // not kept: ccc999 (ccc is shorter than 7, so it is no abbreviation) and ddddddd (named by no incident)
    expect([...ix.shippedSha]).toEqual([
      ['aaaaaaa1111', 'd1'],
      ['bbbbbbb9999', 'd1'],
      ['ccc', 'd2'],
    ]);
  });

  it('maps the PRs incidents name to the last deployment that shipped them, and keeps changes with a PR or labels for outcomes', () => {
    const ix = new ShippedIndex([incident('i1', { pr: { repo: 'acme/api', number: 7 } }), incident('i2', null)]);
    expect(ix.causePrs).toEqual(['acme/api#7']);
    ix.add(change('d1', ['s1'], 7));
    ix.add(change('d2', ['s2'], 8, ['hotfix']));
    ix.add(change('d3', ['s3'])); // a commit without PR or labels: outcomes cannot use it
    ix.add(change('d4', ['s4'], 7));
    expect([...ix.shippedPr]).toEqual([['acme/api#7', 'd4']]); // d4 was added last
    expect(ix.changes.map((c) => c.deploymentId)).toEqual(['d1', 'd2', 'd4']);
    expect(ix.changes[1]).toEqual({ repo: 'acme/api', deploymentId: 'd2', prNumber: 8, labels: ['hotfix'] }); // no shas kept
    expect(ix.shippedSha.size).toBe(0); // no incident names a commit
  });
});
