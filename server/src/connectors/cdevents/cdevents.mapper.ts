import type { CanonicalRecord, CiStatus } from '@bearing/shared';
import { type CdeventsConfig, cdeventsConfigSchema } from './config.js';
import { WebhookPayloadError, type WebhookDelivery } from '../connector.js';

/**
 * CDEvents 0.5.1 (CloudEvents JSON) → canonical records. Pure: no clock, no I/O.
 *
 *   pipelinerun.finished            → ci_run (workflow = pipelineName)
 *   taskrun.finished                → ci_run (job = taskName, workflow = its pipeline run)
 *   service.deployed / .upgraded    → deployment (status success)
 *   service.rolledback              → deployment (rollback: true)
 *   incident.detected / .reported   → incident (opened)
 *   incident.resolved               → incident (resolved; the receiver keeps the stored opening time)
 * Every other valid CDEvent (change.*, pipelinerun/taskrun queued/started, build, testcase,
 * service.removed …) is acknowledged and maps to nothing; see docs/connectors.md for why.
 */

export { type CdeventsConfig, cdeventsConfigSchema };

const TYPE = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SHA = /^[0-9a-fA-F]{4,64}$/;
/** the commit of a pipeline run is unknown unless customData carries it */
export const UNKNOWN_SHA = '0000000';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Obj, key: string, path: string, required = true): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw new WebhookPayloadError(path, `${path}: is required`);
    return undefined;
  }
  if (typeof v !== 'string' || v.trim() === '') throw new WebhookPayloadError(path, `${path}: must be a non-empty string`);
  return v;
}

function obj(o: Obj, key: string, path: string, required = true): Obj | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw new WebhookPayloadError(path, `${path}: is required`);
    return undefined;
  }
  if (!isObj(v)) throw new WebhookPayloadError(path, `${path}: must be an object`);
  return v;
}

function outcome(v: string | undefined, path: string): CiStatus {
  switch (v) {
    case 'success':
      return 'success';
    case 'failure':
    case 'error':
      return 'failure';
    case 'cancel':
    case 'cancelled':
      return 'cancelled';
    default:
      throw new WebhookPayloadError(path, `${path}: must be one of success, failure, error, cancel`);
  }
}

/** Unwraps a structured CloudEvent (`{"specversion":"1.0","data":{context,subject}}`) or takes the CDEvent itself. */
function cdeventOf(body: unknown): Obj {
  if (!isObj(body)) throw new WebhookPayloadError('body', 'body: must be a JSON object (a CDEvent)');
  if (!isObj(body.context) && isObj(body.data) && isObj((body.data as Obj).context)) return body.data as Obj;
  return body;
}

export function mapCdevent(body: unknown, config: CdeventsConfig): WebhookDelivery {
  const event = cdeventOf(body);
  const context = obj(event, 'context', 'context')!;
  const subject = obj(event, 'subject', 'subject')!;
  const id = str(context, 'id', 'context.id')!;
  const source = str(context, 'source', 'context.source')!;
  const type = str(context, 'type', 'context.type')!;
  const timestamp = str(context, 'timestamp', 'context.timestamp')!;
  if (!RFC3339.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    throw new WebhookPayloadError('context.timestamp', 'context.timestamp: must be an RFC 3339 timestamp with an offset');
  }
  const subjectId = str(subject, 'id', 'subject.id')!;
  const content = obj(subject, 'content', 'subject.content', false) ?? {};
  const m = TYPE.exec(type);
  const deliveryId = `${type}|${source}|${id}`;
  if (!m) {
    if (type.startsWith('dev.cdevents.')) throw new WebhookPayloadError('context.type', `context.type: '${type.slice(0, 100)}' is not dev.cdevents.<subject>.<predicate>.<version>`);
    return { deliveryId, event: type.slice(0, 200), records: [] };
  }
  const [, subjectType, predicate] = m as unknown as [string, string, string];
  const eventName = `${subjectType}.${predicate}`;
  const custom = isObj(event.customData) ? (event.customData as Obj) : isObj(context.customData) ? (context.customData as Obj) : {};
  const customStr = (k: string) => (typeof custom[k] === 'string' && custom[k] !== '' ? (custom[k] as string) : undefined);
  const records: CanonicalRecord[] = [];

  const repoOf = (): string => {
    const repo = isObj(content.repository) && typeof content.repository.id === 'string' ? content.repository.id : (customStr('repo') ?? config.repo);
    if (!repo) throw new WebhookPayloadError('config.repo', `${eventName}: the event names no repository; set config.repo on the cdevents source`);
    return repo;
  };
  const shaOf = (): string => {
    const sha = customStr('sha') ?? customStr('commit');
    return sha && SHA.test(sha) ? sha : UNKNOWN_SHA;
  };

  switch (eventName) {
    case 'pipelinerun.finished':
    case 'taskrun.finished': {
      const isTask = subjectType === 'taskrun';
      const name = isTask ? str(content, 'taskName', 'subject.content.taskName', false) : str(content, 'pipelineName', 'subject.content.pipelineName', false);
      const pipelineRun = isTask ? obj(content, 'pipelineRun', 'subject.content.pipelineRun', false) : undefined;
      const status = outcome(str(content, 'outcome', 'subject.content.outcome', false) ?? 'success', 'subject.content.outcome');
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
        startedAt: customStr('startedAt') && RFC3339.test(customStr('startedAt')!) ? customStr('startedAt')! : timestamp,
        finishedAt: timestamp,
      });
      break;
    }
    case 'service.deployed':
    case 'service.upgraded':
    case 'service.rolledback': {
      const environment = obj(content, 'environment', 'subject.content.environment')!;
      const envId = str(environment, 'id', 'subject.content.environment.id')!;
      const sha = customStr('sha') ?? customStr('commit');
      records.push({
        type: 'deployment',
        id: `cdevents:${predicate}:${source}:${id}`,
        service: subjectId,
        repo: (isObj(content.repository) && typeof content.repository.id === 'string' ? content.repository.id : (customStr('repo') ?? config.repo)) ?? null,
        environment: envId,
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
      const service = obj(content, 'service', 'subject.content.service', false);
      const description = str(content, 'description', 'subject.content.description', false);
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
      break;
  }
  return { deliveryId, event: eventName, records };
}
