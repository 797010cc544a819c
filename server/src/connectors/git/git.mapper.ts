import type { CommitRecord, DeploymentRecord, FileChange, PatternRecord } from '@bearing/shared';
import { parse as parseYaml } from 'yaml';
import { parseCodeowners } from '../../drift/codeowners.js';

/** Pure parsing/mapping of git output. No I/O, no clock. */

/** `git log` format: RS, then header fields separated by US, the message ends with GS; numstat lines follow. */
export const LOG_FORMAT = '%x1e%H%x1f%P%x1f%ae%x1f%an%x1f%aI%x1f%cI%x1f%B%x1d';

/**
 * Incremental parser of `git log --numstat --format=LOG_FORMAT` output: feed chunks, get the
 * commits completed so far. Holds at most one commit's text between chunks.
 */
export class GitLogParser {
  private buffer = '';

  constructor(private readonly repo: string) {}

  push(chunk: string): CommitRecord[] {
    this.buffer += chunk;
    const parts = this.buffer.split('\x1e');
    this.buffer = parts.pop() ?? '';
    return parts.filter((p) => p.length > 0).map((p) => this.parseOne(p));
  }

  end(): CommitRecord[] {
    const rest = this.buffer;
    this.buffer = '';
    return rest.trim().length > 0 ? [this.parseOne(rest)] : [];
  }

  private parseOne(text: string): CommitRecord {
    const gs = text.indexOf('\x1d');
    const header = gs >= 0 ? text.slice(0, gs) : text;
    const stats = gs >= 0 ? text.slice(gs + 1) : '';
    const [sha, parents, email, name, authoredAt, committedAt, ...message] = header.split('\x1f');
    const files: FileChange[] = [];
    for (const line of stats.split('\n')) {
      if (!line) continue;
      const m = /^(-|\d+)\t(-|\d+)\t(.+)$/.exec(line);
      if (!m) continue;
      files.push({ path: m[3]!, additions: m[1] === '-' ? 0 : Number(m[1]), deletions: m[2] === '-' ? 0 : Number(m[2]) });
    }
    return {
      type: 'commit',
      repo: this.repo,
      sha: sha!.trim(),
      parents: parents ? parents.split(' ').filter(Boolean) : [],
      author: email?.trim() || name?.trim() || 'unknown',
      authoredAt: authoredAt!,
      committedAt: committedAt!,
      message: message.join('\x1f').replace(/\n+$/, ''),
      files,
    };
  }
}

/** A repository key ("org/repo") from a URL or path: the last two path segments without `.git`. */
export function repoKeyOf(url: string): string {
  const path = url
    .replace(/^[a-z]+:\/\/[^/]*/i, '')
    .replace(/^[^@/]+@[^:]+:/, '')
    .replace(/\.git\/?$/, '')
    .replace(/\/+$/, '');
  const segs = path.split(/[\\/]/).filter(Boolean);
  return segs.slice(-2).join('/') || 'repo';
}

export interface TagRef {
  name: string;
  /** the commit the tag points at (peeled) */
  sha: string;
  /** tagger date (annotated) or commit date (lightweight), ISO 8601 */
  date: string;
}

export interface TagDeployConfig {
  pattern: string;
  service: string;
  environment: string;
}

/** Tags matching the pattern as deployments (one per tag, id `git:<repo>:tag:<name>`). */
export function tagDeployments(repo: string, tags: TagRef[], cfg: TagDeployConfig): DeploymentRecord[] {
  const re = new RegExp(cfg.pattern);
  return tags
    .filter((t) => re.test(t.name))
    .map((t) => ({
      type: 'deployment',
      id: `git:${repo}:tag:${t.name}`,
      service: cfg.service,
      repo,
      environment: cfg.environment,
      sha: t.sha,
      status: 'success',
      startedAt: null,
      finishedAt: t.date,
    }));
}

/** CODEOWNERS rules in file order (the one parser drift matches with: escapes, inline comments). */
export function parseCodeOwners(text: string): { pattern: string; owners: string[] }[] {
  return parseCodeowners(text).map((e) => ({ pattern: e.pathPattern, owners: e.owners }));
}

/** GitHub's lookup order of the CODEOWNERS file. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

export class PatternFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field}: ${message}`);
  }
}

export interface PatternFile {
  record: PatternRecord;
  /** the front matter and body, kept as the raw payload */
  raw: { frontMatter: Record<string, unknown>; body: string; examplePrs: string[] };
}

const dateOf = (v: unknown, file: string, field: string): string | null => {
  if (v === undefined || v === null || v === '') return null;
  const d = v instanceof Date ? v : typeof v === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v) : null;
  if (!d || Number.isNaN(d.getTime())) throw new PatternFileError(file, field, 'must be a date (YYYY-MM-DD or ISO 8601)');
  return d.toISOString();
};

/**
 * A pattern file: YAML front matter between `---` lines, then the pattern text. Keys: key
 * (default: the file name), title, status (active|retired), retiredAt or retired (date, or true
 * = retired at the file's last change), replacedBy, migrationNote, examplePrs, createdAt.
 * `history` gives the file's first and last commit times (from git).
 */
export function parsePatternFile(path: string, text: string, history: { createdAt: string; updatedAt: string }): PatternFile {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new PatternFileError(path, 'front matter', 'missing: the file must start with --- YAML front matter ---');
  let fm: unknown;
  try {
    fm = parseYaml(m[1]!);
  } catch (err) {
    throw new PatternFileError(path, 'front matter', `invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof fm !== 'object' || fm === null || Array.isArray(fm)) throw new PatternFileError(path, 'front matter', 'must be a YAML mapping');
  const f = fm as Record<string, unknown>;
  const str = (field: string, required = false): string | null => {
    const v = f[field];
    if (v === undefined || v === null || v === '') {
      if (required) throw new PatternFileError(path, field, 'is required');
      return null;
    }
    if (typeof v !== 'string' && typeof v !== 'number') throw new PatternFileError(path, field, 'must be a string');
    return String(v).trim();
  };
  const base = path.split('/').pop()!.replace(/\.md$/i, '');
  const key = str('key') ?? base;
  const title = str('title', true)!;
  const statusRaw = str('status');
  if (statusRaw !== null && statusRaw !== 'active' && statusRaw !== 'retired') throw new PatternFileError(path, 'status', "must be 'active' or 'retired'");
  let retiredAt = dateOf(f.retiredAt, path, 'retiredAt');
  if (retiredAt === null && f.retired !== undefined && f.retired !== false && f.retired !== null) {
    retiredAt = f.retired === true ? history.updatedAt : dateOf(f.retired, path, 'retired');
  }
  const status = statusRaw === 'retired' || retiredAt !== null ? 'retired' : 'active';
  if (status === 'retired' && retiredAt === null) retiredAt = history.updatedAt;
  const examples = f.examplePrs;
  if (examples !== undefined && examples !== null && !Array.isArray(examples)) throw new PatternFileError(path, 'examplePrs', 'must be a list');
  return {
    record: {
      type: 'pattern',
      key,
      title,
      status,
      createdAt: dateOf(f.createdAt, path, 'createdAt') ?? history.createdAt,
      updatedAt: history.updatedAt,
      retiredAt,
      replacedBy: str('replacedBy'),
      migrationNote: str('migrationNote'),
      path,
    },
    raw: { frontMatter: f, body: m[2]!, examplePrs: (examples as unknown[] | undefined)?.map(String) ?? [] },
  };
}
