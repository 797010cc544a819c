import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CanonicalRecord } from '@bearing/shared';
import {
  WebhookPayloadError,
  type WebhookDelivery,
  type WebhookHandler,
  type WebhookRequest,
} from '../connector.js';
import type { GithubConfig } from './config.js';
import {
  mapCheckRun,
  mapDeployment,
  mapIncidentIssue,
  mapJob,
  mapPullRequest,
  mapPushCommits,
  mapRelease,
  mapReview,
  mapRunDeployment,
  prEventId,
  type GhCheckRun,
  type GhDeployment,
  type GhDeploymentStatus,
  type GhIssue,
  type GhJob,
  type GhPull,
  type GhPushCommit,
  type GhRelease,
  type GhReview,
  type GhRun,
  type GhUser,
} from './mapper.js';

/**
 * GitHub webhooks: `X-Hub-Signature-256` verification and delivery → canonical records.
 * Subscribe to: pull_request, pull_request_review, push, workflow_run, workflow_job,
 * check_run, deployment, deployment_status, release, issues (label events arrive as
 * pull_request/issues `labeled`/`unlabeled`). `ping` and every other event → no records.
 */

/** Constant-time check of `sha256=<hex>` against HMAC-SHA256(rawBody, secret). */
export function verifyGithubSignature(rawBody: Buffer, header: string | undefined, secret: string | undefined): boolean {
  if (!secret || !header) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(m[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type Payload = Record<string, unknown> & { action?: string; repository?: { full_name?: string } };

function parseBody(raw: Buffer): Payload {
  let v: unknown;
  try {
    v = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new WebhookPayloadError('body', 'must be JSON (set the webhook content type to application/json)');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WebhookPayloadError('body', 'must be a JSON object');
  return v as Payload;
}

function repoOf(p: Payload): string {
  const name = p.repository?.full_name;
  if (typeof name !== 'string' || !name) throw new WebhookPayloadError('repository.full_name', 'is required');
  return name;
}

function need<T>(p: Payload, field: string): T {
  const v = p[field];
  if (typeof v !== 'object' || v === null) throw new WebhookPayloadError(field, 'is required');
  return v as T;
}

const PR_EVENT_ACTIONS = new Set(['labeled', 'unlabeled', 'ready_for_review', 'edited']);

/** Pure: one delivery's records. Throws WebhookPayloadError for a malformed body. */
export function mapGithubDelivery(event: string, p: Payload, config: GithubConfig): CanonicalRecord[] {
  const action = p.action;
  switch (event) {
    case 'pull_request': {
      const repo = repoOf(p);
      const pull = need<GhPull>(p, 'pull_request');
      const out: CanonicalRecord[] = [mapPullRequest(repo, pull)];
      if (action && PR_EVENT_ACTIONS.has(action)) {
        const kind = action as 'labeled' | 'unlabeled' | 'ready_for_review' | 'edited';
        const label = kind === 'labeled' || kind === 'unlabeled' ? ((p.label as { name?: string } | undefined)?.name ?? null) : null;
        if (kind === 'ready_for_review' || kind === 'edited' || label) {
          const at = pull.updated_at;
          out.push({
            type: 'pr_event',
            repo,
            number: pull.number,
            id: prEventId(kind, label, at),
            kind,
            label,
            at,
            actor: (p.sender as GhUser | undefined)?.login ?? null,
          });
        }
      }
      return out;
    }
    case 'pull_request_review': {
      const repo = repoOf(p);
      const pull = need<GhPull>(p, 'pull_request');
      const review = need<GhReview>(p, 'review');
      const rec = mapReview(repo, pull.number, review);
      return rec ? [rec] : [];
    }
    case 'push': {
      const repo = repoOf(p);
      if (p.deleted === true || !Array.isArray(p.commits)) return [];
      return mapPushCommits(repo, String(p.before ?? ''), p.commits as GhPushCommit[], p.forced === true);
    }
    case 'workflow_job': {
      if (action !== 'completed') return [];
      const rec = mapJob(repoOf(p), need<GhJob>(p, 'workflow_job'));
      return rec ? [rec] : [];
    }
    case 'workflow_run': {
      if (action !== 'completed') return [];
      const rec = mapRunDeployment(repoOf(p), need<GhRun>(p, 'workflow_run'), config);
      return rec ? [rec] : [];
    }
    case 'check_run': {
      if (action !== 'completed' && action !== 'rerequested') return [];
      const rec = mapCheckRun(repoOf(p), need<GhCheckRun>(p, 'check_run'));
      return rec ? [rec] : [];
    }
    case 'deployment_status': {
      if (!config.deployments.api) return [];
      const rec = mapDeployment(repoOf(p), need<GhDeployment>(p, 'deployment'), [need<GhDeploymentStatus>(p, 'deployment_status')], config);
      return rec ? [rec] : [];
    }
    case 'deployment':
      // a new deployment has no final status yet: the deployment_status delivery records it
      return [];
    case 'release': {
      if (action !== 'published' && action !== 'released' && action !== 'prereleased') return [];
      const rec = mapRelease(repoOf(p), need<GhRelease>(p, 'release'), config);
      return rec ? [rec] : [];
    }
    case 'issues': {
      const rec = mapIncidentIssue(repoOf(p), need<GhIssue>(p, 'issue'), config);
      return rec ? [rec] : [];
    }
    default:
      // ping, label (repository label definitions) and everything else: acknowledged, ignored
      return [];
  }
}

export const githubWebhookHandler: WebhookHandler<GithubConfig> = {
  kind: 'github',
  auth: 'signature',
  verify(req: WebhookRequest, secrets: Readonly<Record<string, string>>): boolean {
    return verifyGithubSignature(req.rawBody, req.headers['x-hub-signature-256'], secrets.webhookSecret);
  },
  map(req: WebhookRequest, config: GithubConfig): WebhookDelivery {
    const deliveryId = req.headers['x-github-delivery'];
    if (!deliveryId) throw new WebhookPayloadError('x-github-delivery', 'header is required');
    const event = req.headers['x-github-event'];
    if (!event) throw new WebhookPayloadError('x-github-event', 'header is required');
    const payload = parseBody(req.rawBody);
    const action = typeof payload.action === 'string' ? payload.action : undefined;
    return {
      deliveryId,
      event: action ? `${event}.${action}` : event,
      records: mapGithubDelivery(event, payload, config),
    };
  },
};
