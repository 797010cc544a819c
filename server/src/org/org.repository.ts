import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { GroupSummary, OrgSettings, SquadSummary } from '@bearing/shared';
import { DataSource } from 'typeorm';

@Injectable()
export class OrgRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async settings(): Promise<OrgSettings & { demoSeededAt: Date | null }> {
    const rows = (await this.dataSource.query(
      `SELECT name, time_zone AS "timeZone", production_pattern AS "productionPattern", demo_seeded_at AS "demoSeededAt"
       FROM org_settings WHERE id = 1`,
    )) as (OrgSettings & { demoSeededAt: Date | null })[];
    return rows[0] ?? { name: 'Bearing', timeZone: 'UTC', productionPattern: '^(prod|production|live)$', demoSeededAt: null };
  }

  async initialiseSettings(timeZone: string): Promise<void> {
    // the env time zone only seeds the setting; afterwards it is an org setting
    await this.dataSource.query(
      `INSERT INTO org_settings (id, time_zone) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`,
      [timeZone],
    );
  }

  async markDemoSeeded(orgName: string): Promise<void> {
    await this.dataSource.query(`UPDATE org_settings SET demo_seeded_at = now(), name = $1 WHERE id = 1`, [orgName]);
  }

  async isEmpty(): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT NOT EXISTS (SELECT 1 FROM squads) AND NOT EXISTS (SELECT 1 FROM deployments) AND NOT EXISTS (SELECT 1 FROM commits) AS empty`,
    )) as { empty: boolean }[];
    return rows[0]!.empty;
  }

  async squadExists(key: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM squads WHERE key = $1`, [key])) as unknown[];
    return rows.length > 0;
  }

  async groupExists(key: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM groups WHERE key = $1`, [key])) as unknown[];
    return rows.length > 0;
  }

  /** Squads of a group and of all its descendant groups (cycle-safe). */
  async squadsOfGroup(key: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE tree(key, path) AS (
         SELECT key, ARRAY[key] FROM groups WHERE key = $1
         UNION ALL
         SELECT g.key, t.path || g.key FROM groups g JOIN tree t ON g.parent = t.key WHERE NOT g.key = ANY(t.path)
       )
       SELECT s.key FROM squads s WHERE s.group_key IN (SELECT key FROM tree) ORDER BY s.key`,
      [key],
    )) as { key: string }[];
    return rows.map((r) => r.key);
  }

  async squads(filter: string[] | null): Promise<SquadSummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.key, s.name, s.group_key AS "group",
         COALESCE((SELECT json_agg(json_build_object('key', r.key, 'url', r.url, 'defaultBranch', r.default_branch, 'primary', r.squads[1] = s.key) ORDER BY r.key)
                   FROM repositories r WHERE s.key = ANY(r.squads)), '[]') AS repositories,
         COALESCE((SELECT json_agg(json_build_object('key', v.key, 'name', v.name, 'primary', v.squads[1] = s.key) ORDER BY v.key)
                   FROM services v WHERE s.key = ANY(v.squads)), '[]') AS services,
         (SELECT count(*)::int FROM people p WHERE s.key = ANY(p.squads)) AS people
       FROM squads s
       WHERE $1::text[] IS NULL OR s.key = ANY($1::text[])
       ORDER BY s.name`,
      [filter],
    )) as SquadSummary[];
    return rows;
  }

  async groups(): Promise<GroupSummary[]> {
    return (await this.dataSource.query(
      `SELECT g.key, g.name, g.parent,
         COALESCE((SELECT array_agg(s.key ORDER BY s.key) FROM squads s WHERE s.group_key = g.key), '{}') AS squads
       FROM groups g ORDER BY g.name`,
    )) as GroupSummary[];
  }
}
