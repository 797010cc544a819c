import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PERSON_REFERENCES, type PersonRow, mergeIdentities } from './people.js';

const COLUMNS = `key, name, kind, emails, logins, squads, roles`;

export type MergeOutcome =
  | { ok: true; person: PersonRow; moved: Record<string, number> }
  | { ok: false; missing: 'from' | 'into' };

@Injectable()
export class PeopleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * People by name then key, after the (name, key) `after`; `query` matches the key, name, an
   * email or a login (case-insensitive substring).
   */
  list(q: { query: string | null; limit: number; after: [string, string] | null }): Promise<PersonRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM people p
       WHERE ($1::text IS NULL
              OR p.key ILIKE $1 OR p.name ILIKE $1
              OR EXISTS (SELECT 1 FROM unnest(p.emails) e WHERE e ILIKE $1)
              OR EXISTS (SELECT 1 FROM jsonb_each_text(COALESCE(p.logins, '{}'::jsonb)) l WHERE l.value ILIKE $1))
         AND ($2::text IS NULL OR (p.name, p.key) > ($2::text, $3::text))
       ORDER BY p.name, p.key
       LIMIT $4`,
      [q.query === null ? null : `%${q.query.replace(/[\\%_]/g, (m) => `\\${m}`)}%`, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit],
    );
  }

  /**
   * Merges person `from` into `into` in one transaction: both rows locked, the survivor's
   * identities united (`mergeIdentities`), every reference to `from`'s key re-pointed, `from`
   * deleted. Nothing is written when either is missing.
   */
  merge(from: string, into: string): Promise<MergeOutcome> {
    return this.dataSource.transaction(async (m) => {
      const rows = (await m.query(`SELECT ${COLUMNS} FROM people WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE`, [[from, into]])) as PersonRow[];
      const source = rows.find((r) => r.key === from);
      const target = rows.find((r) => r.key === into);
      if (!source) return { ok: false, missing: 'from' } as const;
      if (!target) return { ok: false, missing: 'into' } as const;
      const person = mergeIdentities(source, target);
      await m.query(`UPDATE people SET emails = $2, logins = $3, squads = $4, roles = $5 WHERE key = $1`, [
        into,
        person.emails,
        JSON.stringify(person.logins),
        person.squads,
        person.roles,
      ]);
      const moved: Record<string, number> = {};
      for (const { table, column } of PERSON_REFERENCES) {
        // table and column names are constants, never input
        const [, count] = (await m.query(`UPDATE ${table} SET "${column}" = $2 WHERE "${column}" = $1`, [from, into])) as [unknown, number];
        moved[table] = count;
      }
      await m.query(`DELETE FROM people WHERE key = $1`, [from]);
      return { ok: true, person, moved } as const;
    });
  }
}
