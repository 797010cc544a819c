import { parseLine, validateRecord } from './records.schema.js';

const commit = {
  type: 'commit',
  repo: 'acme/pay',
  sha: 'a'.repeat(40),
  parents: [],
  author: 'alice',
  authoredAt: '2026-03-01T09:00:00+01:00',
  committedAt: '2026-03-01T09:00:00Z',
  message: 'init',
};

describe('canonical record validation', () => {
  it('accepts a valid record and ignores unknown extra fields', () => {
    const r = validateRecord({ ...commit, futureField: 1 });
    expect(r.ok).toBe(true);
    expect(r.ok && 'futureField' in r.record).toBe(false);
  });

  it.each([
    [{ ...commit, sha: 'xyz' }, 'sha'],
    [{ ...commit, authoredAt: '2026-03-01 09:00' }, 'authoredAt'],
    [{ ...commit, authoredAt: '2026-03-01T09:00:00' }, 'authoredAt'], // no offset
    [{ ...commit, parents: ['nothex'] }, 'parents.0'],
    [{ ...commit, files: [{ path: 'a', additions: -1, deletions: 0 }] }, 'files.0.additions'],
    [{ type: 'pull_request', repo: 'r', number: 1.5 }, 'number'],
    [{ type: 'deployment', id: 'd', service: 's', environment: 'prod', status: 'ok', finishedAt: '2026-01-01T00:00:00Z' }, 'status'],
    [{ type: 'incident', id: 'i', title: 't', openedAt: '2026-01-01T00:00:00Z', causedBy: {} }, 'causedBy'],
    [{ type: 'person', key: 'p', name: 'P', kind: 'robot' }, 'kind'],
    [{ type: 'person', key: 'p', name: 'P', kind: 'human', timeZone: 'Nowhere/City' }, 'timeZone'],
    [{ type: 'squad', key: '', name: 'x' }, 'key'],
    [{ type: 'agent_session_event', session: 's', id: 'e', kind: 'paused', at: '2026-01-01T00:00:00Z' }, 'kind'],
    [{ key: 'x' }, 'type'],
    [{ type: 'team', key: 'x' }, 'type'],
    [[1, 2], '(line)'],
  ])('names the field at fault: %j → %s', (value, field) => {
    const r = validateRecord(value);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.field).toBe(field);
  });

  it('says a missing field is required', () => {
    const { message, ...rest } = commit;
    const r = validateRecord(rest);
    expect(r).toEqual({ ok: false, field: 'message', message: 'is required' });
  });

  it('reports invalid JSON as such', () => {
    const r = parseLine('{"type":');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.field).toBe('(json)');
  });
});
