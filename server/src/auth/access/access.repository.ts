import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OrgVisibilityLookup } from './access-context.js';

/** Read-only look-ups of the org structure for access decisions. */
@Injectable()
export class AccessRepository implements OrgVisibilityLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async expandGroups(groups: readonly string[]): Promise<{ groups: string[]; squads: string[] }> {
    if (groups.length === 0) return { groups: [], squads: [] };
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE tree(key, path) AS (
         SELECT key, ARRAY[key] FROM groups WHERE key = ANY($1::text[])
         UNION ALL
         SELECT g.key, t.path || g.key FROM groups g JOIN tree t ON g.parent = t.key WHERE NOT g.key = ANY(t.path)
       ), keys AS (SELECT DISTINCT key FROM tree UNION SELECT unnest($1::text[]))
       SELECT COALESCE((SELECT array_agg(key ORDER BY key) FROM keys), '{}') AS groups,
              COALESCE((SELECT array_agg(s.key ORDER BY s.key) FROM squads s WHERE s.group_key IN (SELECT key FROM keys)), '{}') AS squads`,
      [groups],
    )) as { groups: string[]; squads: string[] }[];
    return rows[0] ?? { groups: [], squads: [] };
  }
}
