import type { PatternEntry } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { EMPTY_PATTERN_FORM, patternToForm, sortLibrary, toCreatePatternBody, toEditPatternBody, toRetirePatternBody } from './patternForms';

const entry: PatternEntry = {
  key: 'PAT-004',
  title: 'Idempotent webhook handlers',
  status: 'active',
  createdAt: '2026-01-05T10:00:00Z',
  updatedAt: null,
  retiredAt: null,
  replacedBy: null,
  migrationNote: null,
  path: 'docs/patterns/PAT-004.md',
};

describe('pattern forms', () => {
  it('creates with trimmed fields and leaves empty optionals out', () => {
    expect(toCreatePatternBody({ ...EMPTY_PATTERN_FORM, key: ' PAT-014 ', title: ' Outbox for events ' })).toEqual({
      ok: true,
      body: { key: 'PAT-014', title: 'Outbox for events' },
    });
  });

  it('names each bad field', () => {
    const result = toCreatePatternBody({ ...EMPTY_PATTERN_FORM, key: '-bad key', title: '  ', replacedBy: 'x y' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['key', 'replacedBy', 'title']);
  });

  it('edits only what changed, clearing an emptied path with null', () => {
    const form = { ...patternToForm(entry), title: 'Idempotent webhook handlers v2', path: '' };
    expect(toEditPatternBody(entry, form)).toEqual({ ok: true, body: { title: 'Idempotent webhook handlers v2', path: null } });
    expect(toEditPatternBody(entry, patternToForm(entry))).toEqual({ ok: true, body: {} });
  });

  it('requires a migration note to retire, and no self-replacement', () => {
    const missing = toRetirePatternBody('PAT-004', { migrationNote: ' ', replacedBy: 'PAT-004' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors).toEqual({ migrationNote: expect.stringMatching(/^is required/), replacedBy: 'cannot be the pattern itself' });
    expect(toRetirePatternBody('PAT-004', { migrationNote: 'Use PAT-015 (outbox).', replacedBy: 'PAT-015' })).toEqual({
      ok: true,
      body: { migrationNote: 'Use PAT-015 (outbox).', replacedBy: 'PAT-015' },
    });
  });

  it('sorts active before retired, keys in natural order', () => {
    const sorted = sortLibrary([
      { key: 'PAT-10', status: 'active' as const },
      { key: 'PAT-2', status: 'retired' as const },
      { key: 'PAT-9', status: 'active' as const },
    ]);
    expect(sorted.map((p) => p.key)).toEqual(['PAT-9', 'PAT-10', 'PAT-2']);
  });
});
