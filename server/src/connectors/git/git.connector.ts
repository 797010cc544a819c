import type { CanonicalRecord } from '@bearing/shared';
import { type GitConfig, gitConfigSchema } from './config.js';
import type { CodeOwnersSnapshot, Connector, RawPayload, SyncContext } from '../connector.js';
import { GitClient, type GitRunner, execGitRunner } from './git.client.js';
import { CODEOWNERS_PATHS, GitLogParser, LOG_FORMAT, PatternFileError, parseCodeOwners, parsePatternFile, repoKeyOf, tagDeployments } from './git.mapper.js';

export { type GitConfig, gitConfigSchema };

export interface GitCursor {
  /** branch ref → commit, as of the last completed run */
  refs: Record<string, string>;
  /** tag → commit already turned into deployments */
  tags?: Record<string, string>;
  /** commit of the default branch CODEOWNERS/patterns were read at */
  readAt?: string | null;
}

export interface GitConnectorDeps {
  gitCacheDir: string;
  git?: GitRunner;
  /** commits per committed batch */
  batchSize?: number;
}

/**
 * The git connector: mirror, then commits since the last seen branch tips (a force-push just
 * changes the exclusion set; commits are upserted on repo+sha so nothing duplicates), matching
 * tags as deployments, CODEOWNERS and the pattern-library folder at the default branch.
 * Intermediate batches keep the previous refs as cursor: a run that dies resumes from the last
 * complete set of tips, and re-listing already stored commits is idempotent.
 */
export function createGitConnector(deps: GitConnectorDeps): Connector<GitConfig, GitCursor> {
  const client = new GitClient(deps.git ?? execGitRunner);
  const batchSize = deps.batchSize ?? 2000;
  return {
    kind: 'git',
    configSchema: gitConfigSchema,
    secretKeys: ['token'],
    async sync(ctx: SyncContext<GitConfig, GitCursor>): Promise<void> {
      const { config, signal } = ctx;
      const repo = config.repo ?? repoKeyOf(config.url);
      const dir = await client.mirror({ cacheDir: deps.gitCacheDir, url: config.url, blobless: config.blobless, token: ctx.secrets.token, signal });
      const { branches, tags } = await client.refs(dir, signal);
      const previous: GitCursor = ctx.cursor ?? { refs: {} };
      const include = [...new Set(Object.values(branches))];
      const exclude: string[] = [];
      for (const sha of new Set(Object.values(previous.refs))) {
        if (await client.exists(dir, sha, signal)) exclude.push(sha);
      }
      const changed = include.filter((sha) => !exclude.includes(sha));

      let batch: CanonicalRecord[] = [];
      let commits = 0;
      // one batch is written while git log and the parser produce the next (never two at once,
      // and in order): the upserts hide behind git's own time instead of adding to it
      let inFlight: Promise<void> | null = null;
      const send = async (records: CanonicalRecord[]) => {
        if (inFlight) await inFlight;
        inFlight = ctx.commit({ records, cursor: previous });
        inFlight.catch(() => undefined); // rethrown where it is awaited
      };
      if (changed.length > 0) {
        const parser = new GitLogParser(repo);
        for await (const chunk of client.log(dir, include, exclude, LOG_FORMAT, signal)) {
          for (const c of parser.push(chunk)) {
            batch.push(c);
            if (batch.length >= batchSize) {
              commits += batch.length;
              await send(batch);
              batch = [];
            }
          }
        }
        batch.push(...parser.end());
        commits += batch.length;
      }
      if (inFlight) await inFlight;

      // the default branch: CODEOWNERS and the pattern library are read there when it moved
      const headRef = config.branch ? `refs/heads/${config.branch}` : ((await client.defaultBranch(dir, signal)) ?? Object.keys(branches)[0] ?? null);
      const headSha = headRef ? (branches[headRef] ?? null) : null;
      const raw: RawPayload[] = [];
      const codeOwners: CodeOwnersSnapshot[] = [];
      if (headSha && headSha !== previous.readAt) {
        if (config.codeOwners) {
          let found: CodeOwnersSnapshot = { repo, sha: headSha, path: null, rules: [] };
          for (const p of CODEOWNERS_PATHS) {
            const text = await client.show(dir, headSha, p, signal);
            if (text !== null) {
              found = { repo, sha: headSha, path: p, rules: parseCodeOwners(text) };
              break;
            }
          }
          codeOwners.push(found);
        }
        if (config.patternsPath) {
          for (const file of (await client.listFiles(dir, headSha, config.patternsPath, signal)).filter((f) => /\.md$/i.test(f))) {
            const text = (await client.show(dir, headSha, file, signal)) ?? '';
            try {
              const parsed = parsePatternFile(file, text, await client.fileHistory(dir, headSha, file, signal));
              batch.push(parsed.record);
              raw.push({ source: `git:${ctx.sourceId}`, externalId: `pattern:${file}@${headSha}`, payload: { path: file, ...parsed.raw } });
            } catch (err) {
              if (!(err instanceof PatternFileError)) throw err;
              ctx.logger.warn({ file: err.file, field: err.field }, err.message);
            }
          }
        }
      }

      // tags → deployments (only new or moved tags)
      const seenTags = previous.tags ?? {};
      if (config.tagDeploys) {
        const fresh = tags.filter((t) => seenTags[t.name] !== t.sha);
        batch.push(...tagDeployments(repo, fresh, config.tagDeploys));
      }
      const cursor: GitCursor = {
        refs: branches,
        tags: Object.fromEntries(tags.map((t) => [t.name, t.sha])),
        readAt: headSha,
      };
      await ctx.commit({ records: batch, raw, cursor, codeOwners });
      ctx.logger.log({ repo, commits, branches: Object.keys(branches).length, tags: tags.length }, 'git sync done');
    },
  };
}
