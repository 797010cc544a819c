import type { CanonicalRecord, CiStatus, PullRequestRecord, ReviewState } from '@bearing/shared';
import { type CdeventsConfig, cdeventsConfigSchema } from './config.js';
import { WebhookPayloadError, type WebhookDelivery } from '../connector.js';

/**
 * CDEvents 0.5.1 (CloudEvents JSON) → canonical records. Pure: no clock, no I/O.
 *
 *   change.created                  → pull_request (opened at context.timestamp)
 *   change.merged                   → the same pull_request, merged (and closed) at context.timestamp
 *   change.reviewed                 → review
 *   pipelinerun.finished            → ci_run (workflow = pipelineName)
 *   taskrun.finished                → ci_run (job = taskName, workflow = its pipeline run)
 *   service.deployed / .upgraded    → deployment (status success)
 *   service.rolledback              → deployment (rollback: true)
 *   incident.detected / .reported   → incident (opened)
 *   incident.resolved               → incident (resolved; the receiver keeps the stored opening time)
 *
 * The input is a CDEvent the handler has already validated against the 0.5.1 schema of its type
 * (cdevents.schemas.ts): this maps, and checks only what the schema does not (a timestamp the
 * canonical contract accepts, a pull request number, customData fields). Every failure is a
 * 422 naming the field. Fields a record needs but the event does not carry get a documented
 * placeholder and are listed in `placeholders`, so they never overwrite a stored value.
 */

export { type CdeventsConfig, cdeventsConfigSchema };

const TYPE = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SHA = /^[0-9a-fA-F]{4,64}$/;
/** a pull request in a forge URL: GitHub/Gitea `/pull/N`, GitLab `/-/merge_requests/N`, Bitbucket `/pull-requests/N` */
const PR_URL = /^https?:\/\/[^/\s]+\/([^\s?#]+?)(?:\/-)?\/(?:pull|pulls|merge_requests|pull-requests)\/(\d+)(?:[/?#]\S*)?$/;
/** `owner/repo#N` (GitHub's short reference; GitLab groups may nest: `group/sub/repo!N` is not a PR here) */
const PR_REF = /^([^\s#]+\/[^\s#]+)#(\d+)$/;
const MAX_PR = 2_147_483_647;
const MAX_KEY = 512;
/** the commit of a pipeline run is unknown unless customData carries it */
export const UNKNOWN_SHA = '0000000';
/** author/reviewer of a change whose event does not say (like the git connector's) */
export const UNKNOWN_PERSON = 'unknown';
/** head branch of a change whose event does not say */
export const UNKNOWN_BRANCH = 'unknown';
const REVIEW_STATES: readonly ReviewState[] = ['approved', 'changes_requested', 'commented', 'dismissed'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const reject = (field: string, message: string) => WebhookPayloadError.unprocessable(field, `${field}: ${message}`);

function outcome(v: unknown, path: string): CiStatus {
  switch (v ?? 'success') {
    case 'success':
      return 'success';
    case 'failure':
    case 'error':
      return 'failure';
    case 'cancel':
    case 'cancelled':
      return 'cancelled';
    default:
      throw reject(path, 'must be one of success, failure, error, cancel');
  }
}

/** Unwraps a structured CloudEvent (`{"specversion":"1.0","data":{context,subject}}`) or takes the CDEvent itself. */
export function cdeventOf(body: unknown): { event: Obj; wrapped: boolean } {
  if (!isObj(body)) throw reject('body', 'must be a JSON object (a CDEvent, or a structured CloudEvent whose data is one)');
  if (!isObj(body.context) && isObj(body.data) && isObj(body.data.context)) return { event: body.data, wrapped: true };
  return { event: body, wrapped: false };
}

/** How a change names its pull request: the number, and the repository when the reference carries one. */
export function pullRequestRef(subjectId: string): { number: number; repo: string | null } | null {
  const m = /^\d+$/.test(subjectId) ? [subjectId, null, subjectId] : (PR_URL.exec(subjectId) ?? PR_REF.exec(subjectId));
  if (!m) return null;
  return { number: Number(m[2]), repo: m[1] ?? null };
}

export function mapCdevent(body: unknown, config: CdeventsConfig): WebhookDelivery {
  const { event } = cdeventOf(body);
  // the schema of the type guarantees these shapes (required, non-empty strings, objects)
  const context = event.context as Obj;
  const subject = event.subject as Obj;
  const id = context.id as string;
  const source = context.source as string;
  const type = context.type as string;
  const timestamp = context.timestamp as string;
  const subjectId = subject.id as string;
  const content = isObj(subject.content) ? subject.content : {};
  const deliveryId = `${type}|${source}|${id}`;
  // the schema's date-time also takes `2026-03-01 10:00:00Z` or `+0100`; canonical records don't
  if (!RFC3339.test(timestamp) || Number.isNaN(Date.parse(timestamp))) throw reject('context.timestamp', 'must be an RFC 3339 timestamp with an offset, e.g. 2026-03-01T10:00:00Z');
  const m = TYPE.exec(type);
  if (!m) throw reject('context.type', `'${type.slice(0, 100)}' is not a supported CDEvents type`);
  const [, subjectType, predicate] = m as unknown as [string, string, string];
  const eventName = `${subjectType}.${predicate}`;
  // customData may also be a base64 string (customDataContentType): Bearing reads only an object
  const custom = isObj(event.customData) ? event.customData : {};
  const customStr = (k: string) => (typeof custom[k] === 'string' && custom[k] !== '' ? (custom[k] as string) : undefined);
  /** a customData string the record stores as a key: absent → undefined; present but not a usable key → 422 */
  const customKey = (k: string): string | undefined => {
    const v = custom[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_KEY) throw reject(`customData.${k}`, `must be a non-empty string of at most ${MAX_KEY} characters`);
    return v.trim();
  };
  const customText = (k: string, max: number): string | undefined => {
    const v = custom[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw reject(`customData.${k}`, 'must be a string');
    return v.slice(0, max);
  };
  const customTime = (k: string): string | undefined => {
    const v = custom[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !RFC3339.test(v) || Number.isNaN(Date.parse(v))) throw reject(`customData.${k}`, 'must be an RFC 3339 timestamp with an offset');
    return v;
  };
  const records: CanonicalRecord[] = [];
  const placeholders: Record<number, string[]> = {};

  const repoOf = (): string => {
    const repo = isObj(content.repository) && typeof content.repository.id === 'string' ? content.repository.id : (customStr('repo') ?? config.repo);
    if (!repo) throw reject('config.repo', `${eventName} names no repository (customData.repo); set config.repo on the cdevents source`);
    return repo;
  };
  const shaOf = (): string => {
    const sha = customStr('sha') ?? customStr('commit');
    return sha && SHA.test(sha) ? sha : UNKNOWN_SHA;
  };

  switch (eventName) {
    case 'change.created':
    case 'change.merged':
    case 'change.reviewed': {
      const ref = pullRequestRef(subjectId);
      let number = ref?.number;
      if (number === undefined && custom.number !== undefined) {
        const n = typeof custom.number === 'string' && /^\d+$/.test(custom.number) ? Number(custom.number) : custom.number;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_PR) throw reject('customData.number', `must be a pull request number between 1 and ${MAX_PR}`);
        number = n;
      }
      if (number === undefined) {
        throw reject(
          'subject.id',
          `'${subjectId.slice(0, 100)}' does not name a pull request: send its number, its URL (…/pull/N, …/merge_requests/N), owner/repo#N, or customData.number`,
        );
      }
      if (number < 1 || number > MAX_PR) throw reject('subject.id', `must name a pull request number between 1 and ${MAX_PR}`);
      const repository = isObj(content.repository) && typeof content.repository.id === 'string' ? content.repository.id.trim() : undefined;
      const repo = repository ?? ref?.repo ?? customKey('repo') ?? config.repo;
      if (!repo) throw reject('subject.content.repository', `${eventName} names no repository: send subject.content.repository.id, or set config.repo on the cdevents source`);
      if (repo.length > MAX_KEY) throw reject(repository ? 'subject.content.repository.id' : 'subject.id', `the repository must be at most ${MAX_KEY} characters`);

      if (predicate === 'reviewed') {
        const state = custom.state === undefined || custom.state === null ? 'commented' : typeof custom.state === 'string' ? custom.state.toLowerCase() : '';
        if (!REVIEW_STATES.includes(state as ReviewState)) throw reject('customData.state', `must be one of ${REVIEW_STATES.join(', ')}`);
        records.push({
          type: 'review',
          repo,
          number,
          // one review per delivery: a replay is the same row
          id: `cdevents:${source}:${id}`.slice(0, MAX_KEY),
          reviewer: customKey('reviewer') ?? UNKNOWN_PERSON,
          state: state as ReviewState,
          submittedAt: timestamp,
        });
        break;
      }

      const description = typeof content.description === 'string' ? content.description : undefined; // change.created only
      const missing: string[] = [];
      const or = <T>(field: keyof PullRequestRecord, value: T | undefined, placeholder: T): T => {
        if (value !== undefined) return value;
        missing.push(field);
        return placeholder;
      };
      const merged = predicate === 'merged';
      const mergeSha = customStr('mergeSha') ?? customStr('sha');
      const labels = custom.labels;
      if (labels !== undefined && (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || l.trim() === '' || l.length > MAX_KEY))) {
        throw reject('customData.labels', 'must be an array of non-empty strings');
      }
      const pr: PullRequestRecord = {
        type: 'pull_request',
        repo,
        number,
        title: or('title', customText('title', 10_000) ?? description?.split('\n')[0]!.slice(0, 10_000), subjectId.slice(0, 10_000)),
        body: or('body', customText('body', 1_000_000) ?? description, ''),
        author: or('author', customKey('author'), UNKNOWN_PERSON),
        // a merge event rarely knows when the change was opened: the stored opening time is kept
        createdAt: merged ? or('createdAt', customTime('createdAt'), timestamp) : timestamp,
        mergedAt: merged ? timestamp : or('mergedAt', undefined, null),
        closedAt: merged ? timestamp : or('closedAt', undefined, null),
        baseBranch: or('baseBranch', customKey('baseBranch'), config.branch),
        headBranch: or('headBranch', customKey('headBranch'), UNKNOWN_BRANCH),
        mergeSha: or('mergeSha', merged && mergeSha && SHA.test(mergeSha) ? mergeSha : undefined, null),
        ...(labels === undefined ? {} : { labels: (labels as string[]).map((l) => l.trim()) }),
      };
      if (labels === undefined) missing.push('labels');
      records.push(pr);
      placeholders[0] = missing;
      break;
    }
    case 'pipelinerun.finished':
    case 'taskrun.finished': {
      const isTask = subjectType === 'taskrun';
      const name = (isTask ? content.taskName : content.pipelineName) as string | undefined;
      const pipelineRun = isTask && isObj(content.pipelineRun) ? content.pipelineRun : undefined;
      // pipelinerun.finished's outcome is an enum in the schema; taskrun.finished's is any string
      const status = outcome(content.outcome, 'subject.content.outcome');
      const startedAt = customStr('startedAt');
      records.push({
        type: 'ci_run',
        repo: repoOf(),
        id: `${subjectType}:${subjectId}`,
        workflow: isTask ? (pipelineRun && typeof pipelineRun.id === 'string' ? `pipelinerun ${pipelineRun.id}` : (name ?? subjectId)) : (name ?? subjectId),
        job: isTask ? (name ?? subjectId) : null,
        branch: customStr('branch') ?? config.branch,
        sha: shaOf(),
        pr: null,
        status,
        // CDEvents carry no start time on *.finished: a run is recorded at its end
        startedAt: startedAt && RFC3339.test(startedAt) ? startedAt : timestamp,
        finishedAt: timestamp,
      });
      break;
    }
    case 'service.deployed':
    case 'service.upgraded':
    case 'service.rolledback': {
      const environment = content.environment as Obj;
      const sha = customStr('sha') ?? customStr('commit');
      records.push({
        type: 'deployment',
        id: `cdevents:${predicate}:${source}:${id}`,
        service: subjectId,
        repo: customStr('repo') ?? config.repo ?? null,
        environment: environment.id as string,
        sha: sha && SHA.test(sha) ? sha : null,
        status: 'success',
        startedAt: null,
        finishedAt: timestamp,
        rollback: predicate === 'rolledback',
      });
      break;
    }
    case 'incident.detected':
    case 'incident.reported':
    case 'incident.resolved': {
      const service = isObj(content.service) ? content.service : undefined;
      const description = typeof content.description === 'string' ? content.description : undefined;
      records.push({
        type: 'incident',
        id: subjectId,
        service: service && typeof service.id === 'string' ? service.id : null,
        title: (description ?? subjectId).slice(0, 10_000),
        openedAt: timestamp,
        resolvedAt: predicate === 'resolved' ? timestamp : null,
      });
      break;
    }
    default:
      // the handler rejects these before mapping; kept so the mapper never stores an unknown event
      throw reject('context.type', `'${type.slice(0, 100)}' is not a supported CDEvents type`);
  }
  return { deliveryId, event: eventName, records, ...(Object.keys(placeholders).length ? { placeholders } : {}) };
}
