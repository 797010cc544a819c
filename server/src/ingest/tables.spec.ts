import fc from 'fast-check';
import type { CanonicalRecord } from '@bearing/shared';
import { RECORD_TYPES } from '@bearing/shared';
import { TABLES, fromRow, keyColumns, naturalKey, toRow, upsertSql } from './tables.js';

describe('table mapping', () => {
  it('covers every record type with its natural key', () => {
    expect(Object.keys(TABLES).sort()).toEqual([...RECORD_TYPES].sort());
    expect(keyColumns(TABLES.review)).toEqual(['repo', 'number', 'id']);
    expect(keyColumns(TABLES.squad)).toEqual(['key']);
  });

  it('round-trips a record through a row, normalising timestamps to UTC and dropping absent fields', () => {
    const record = {
      type: 'deployment',
      id: 'd1',
      service: 'api',
      environment: 'production',
      status: 'success',
      finishedAt: '2026-03-01T10:00:00+02:00',
    } as CanonicalRecord;
    const row = toRow(TABLES.deployment, record);
    expect(row.finished_at).toBe('2026-03-01T08:00:00.000Z');
    expect(row.sha).toBeNull();
    const back = fromRow(TABLES.deployment, { ...row, finished_at: new Date(row.finished_at as string) });
    expect(back).toEqual({ ...record, finishedAt: '2026-03-01T08:00:00.000Z' });
  });

  it('builds natural keys that separate composite parts', () => {
    const a = naturalKey(TABLES.review, { type: 'review', repo: 'a', number: 12, id: '3' } as CanonicalRecord);
    const b = naturalKey(TABLES.review, { type: 'review', repo: 'a', number: 1, id: '23' } as CanonicalRecord);
    expect(a).not.toBe(b);
  });

  it('upserts only rows whose values changed', () => {
    const sql = upsertSql(TABLES.squad);
    expect(sql).toContain('ON CONFLICT ("key") DO UPDATE SET "name" = EXCLUDED."name", "group_key" = EXCLUDED."group_key"');
    expect(sql).toContain('IS DISTINCT FROM');
    expect(sql).toContain('jsonb_to_recordset($1::jsonb)');
  });

  it('passes plain UTC timestamps through (PostgreSQL parses the same instant) and normalises every other form', () => {
    const at = (finishedAt: string) => toRow(TABLES.deployment, { type: 'deployment', id: 'd', service: 's', environment: 'p', status: 'success', finishedAt } as CanonicalRecord).finished_at;
    expect(at('2026-03-01T08:00:00Z')).toBe('2026-03-01T08:00:00Z');
    expect(at('2026-03-01T08:00:00.120Z')).toBe('2026-03-01T08:00:00.120Z');
    // JavaScript rolls 30 February over into March, as the stored value always did
    expect(at('2026-02-30T00:00:00Z')).toBe('2026-03-02T00:00:00.000Z');
    expect(at('2026-03-01T09:00:00+01:00')).toBe('2026-03-01T08:00:00.000Z');
    // whatever it sends, it is the same instant as the normalised form
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }), fc.boolean(), (d, ms) => {
        const iso = ms ? d.toISOString() : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
        expect(new Date(at(iso) as string).toISOString()).toBe(new Date(iso).toISOString());
      }),
    );
  });
});
