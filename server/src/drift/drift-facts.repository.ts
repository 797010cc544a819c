import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CodeOwnersEntry } from './codeowners.js';
import type { DriftRepoInput } from './drift-facts.js';

type Loaded = Omit<DriftRepoInput, 'prAgent' | 'citations' | 'repoSquads'>;

/** Reads what the drift classifier needs (canonical rows) during a recompute; writes CODEOWNERS lines. */
@Injectable()
export class DriftFactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** people's squads (CODEOWNERS owners and unit squads) and the squad keys */
  async owners(): Promise<{ squads: string[]; people: { key: string; emails: string[] | null; logins: Record<string, string> | null; squads: string[] | null }[]; repoSquads: Map<string, string[]> }> {
    const [squads, people, repos] = await Promise.all([
      this.dataSource.query(`SELECT key FROM squads`) as Promise<{ key: string }[]>,
      this.dataSource.query(`SELECT key, emails, logins, squads FROM people`) as Promise<
        { key: string; emails: string[] | null; logins: Record<string, string> | null; squads: string[] | null }[]
      >,
      this.dataSource.query(`SELECT key, squads FROM repositories`) as Promise<{ key: string; squads: string[] | null }[]>,
    ]);
    return { squads: squads.map((s) => s.key), people, repoSquads: new Map(repos.map((r) => [r.key, r.squads ?? []])) };
  }

  /** repositories of the given sessions, and the ids of those without one */
  async sessionRepos(ids: string[]): Promise<{ repos: string[]; repoless: string[] }> {
    const rows = (await this.dataSource.query(`SELECT id, repo FROM agent_sessions WHERE id = ANY($1::text[])`, [ids])) as { id: string; repo: string | null }[];
    return { repos: [...new Set(rows.filter((r) => r.repo).map((r) => r.repo!))], repoless: rows.filter((r) => !r.repo).map((r) => r.id) };
  }

  /** every session without a repository */
  async repolessSessions(): Promise<string[]> {
    return ((await this.dataSource.query(`SELECT id FROM agent_sessions WHERE repo IS NULL`)) as { id: string }[]).map((r) => r.id);
  }

  async repoInput(repo: string): Promise<Loaded> {
    const [pullRequests, prEvents, reviews, ciRuns, commits, sessions, codeOwners] = await Promise.all([
      this.dataSource.query(
        `SELECT number, author, created_at AS "createdAt", merged_at AS "mergedAt", closed_at AS "closedAt", head_branch AS "headBranch",
                base_branch AS "baseBranch", (SELECT array_agg(lower(c)) FROM unnest(commits) c) AS commits
         FROM pull_requests WHERE repo = $1`,
        [repo],
      ) as Promise<Loaded['pullRequests']>,
      this.dataSource.query(`SELECT number, id, kind, label, at FROM pr_events WHERE repo = $1`, [repo]) as Promise<Loaded['prEvents']>,
      this.dataSource.query(`SELECT number, id, reviewer, state, submitted_at AS "submittedAt" FROM reviews WHERE repo = $1`, [repo]) as Promise<Loaded['reviews']>,
      this.dataSource.query(`SELECT id, workflow, job, branch, pr, status, finished_at AS "finishedAt" FROM ci_runs WHERE repo = $1`, [repo]) as Promise<
        Loaded['ciRuns']
      >,
      this.dataSource.query(
        `SELECT lower(sha) AS sha, author, committed_at AS "committedAt", message,
                (SELECT jsonb_agg(jsonb_build_object('path', f->>'path', 'additions', (f->>'additions')::int)) FROM jsonb_array_elements(files) f) AS files
         FROM commits WHERE repo = $1`,
        [repo],
      ) as Promise<Loaded['commits']>,
      this.dataSource.query(
        `SELECT id, agent, pr, branch, scope_paths AS "scopePaths", started_at AS "startedAt", ended_at AS "endedAt" FROM agent_sessions WHERE repo = $1`,
        [repo],
      ) as Promise<Loaded['sessions']>,
      this.codeOwners(repo),
    ]);
    const sessionEvents = await this.sessionEvents(sessions.map((s) => s.id));
    return { repo, pullRequests, prEvents, reviews, ciRuns, commits, sessions, sessionEvents, codeOwners };
  }

  /** sessions without a repository (their own units) */
  async repolessInput(ids: string[]): Promise<Loaded> {
    const sessions = (await this.dataSource.query(
      `SELECT id, agent, pr, branch, scope_paths AS "scopePaths", started_at AS "startedAt", ended_at AS "endedAt"
       FROM agent_sessions WHERE repo IS NULL AND id = ANY($1::text[])`,
      [ids],
    )) as Loaded['sessions'];
    return {
      repo: null,
      pullRequests: [],
      prEvents: [],
      reviews: [],
      ciRuns: [],
      commits: [],
      sessions,
      sessionEvents: await this.sessionEvents(sessions.map((s) => s.id)),
      codeOwners: [],
    };
  }

  private async sessionEvents(ids: string[]): Promise<Loaded['sessionEvents']> {
    if (!ids.length) return [];
    return (await this.dataSource.query(`SELECT session, id, kind, at FROM agent_session_events WHERE session = ANY($1::text[])`, [ids])) as Loaded['sessionEvents'];
  }

  async codeOwners(repo: string): Promise<CodeOwnersEntry[]> {
    return (await this.dataSource.query(
      `SELECT position, pattern AS "pathPattern", owners FROM code_owners WHERE repo = $1 ORDER BY position`,
      [repo],
    )) as CodeOwnersEntry[];
  }

  /** Replaces a repository's CODEOWNERS lines (the caller recomputes the repository's facts afterwards). */
  async replaceCodeOwners(repo: string, entries: CodeOwnersEntry[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM code_owners WHERE repo = $1`, [repo]);
      if (entries.length) {
        await m.query(
          `INSERT INTO code_owners (repo, position, pattern, owners, path, sha)
           SELECT $1, x.position, x.path_pattern, x.owners, 'CODEOWNERS', '' FROM jsonb_to_recordset($2::jsonb) AS x(position int, path_pattern text, owners text[])`,
          [repo, JSON.stringify(entries.map((e) => ({ position: e.position, path_pattern: e.pathPattern, owners: e.owners })))],
        );
      }
    });
  }
}
