import type { CanonicalRecord } from '@bearing/shared';
import type { Connector, RawPayload, SyncContext } from '../connector.js';
import { PagerdutyClient, type PagerdutyClientOptions } from './client.js';
import { pagerdutyConfigSchema, type PagerdutyConfig, type PagerdutyCursor } from './config.js';
import { mapIncident, type PdIncident } from './mapper.js';

/**
 * The PagerDuty sync: incidents created from (cursor − overlap) to now, in windows of at most
 * 30 days (PagerDuty's `since`/`until` range), page by page (offset/limit, `more`), oldest first;
 * each page is committed with the cursor reached (the created_at of its last incident), so a
 * run that dies resumes there. Unresolved incidents are remembered and re-read on later runs
 * even after they leave the overlap window, so a late resolution is never missed.
 */

type Ctx = SyncContext<PagerdutyConfig, PagerdutyCursor>;

const WINDOW_MS = 30 * 24 * 3600_000;
const MAX_OPEN = 1000;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createPagerdutyConnector(clientOptions: PagerdutyClientOptions = {}): Connector<PagerdutyConfig, PagerdutyCursor> {
  return {
    kind: 'pagerduty',
    configSchema: pagerdutyConfigSchema as unknown as Connector<PagerdutyConfig, PagerdutyCursor>['configSchema'],
    secretKeys: ['token', 'webhookSecret'],
    async sync(ctx: Ctx): Promise<void> {
      const cfg = ctx.config;
      const client = new PagerdutyClient(cfg.baseUrl, ctx.secrets.token, {
        ...clientOptions,
        signal: ctx.signal,
        onRetry: (info) => ctx.logger.warn({ ...info }, 'PagerDuty request retried'),
      });
      const now = ctx.now().getTime();
      const source = `pagerduty:${ctx.sourceId}`;
      let cursor: PagerdutyCursor = ctx.cursor ?? { v: 1, since: iso(now - cfg.backfillDays * 24 * 3600_000), open: [] };
      const open = new Set(cursor.open);
      const seen = new Set<string>();
      const counts = { incidents: 0, pages: 0 };

      const load = async (inc: PdIncident): Promise<{ record: CanonicalRecord; raw: RawPayload }> => {
        const notes = cfg.fetchNotes ? await client.notes(inc.id) : [];
        const fields = cfg.rootCauseField ? await client.customFields(inc.id) : [];
        const record = mapIncident(cfg, inc, notes, fields);
        if (inc.status === 'resolved') open.delete(inc.id);
        else open.add(inc.id);
        seen.add(inc.id);
        const version = inc.resolved_at ?? inc.last_status_change_at ?? inc.created_at;
        return { record, raw: { source, externalId: `incident:${inc.id}@${inc.status}:${version}`, payload: { incident: inc, notes, customFields: fields } } };
      };
      const commit = async (records: CanonicalRecord[], raw: RawPayload[], since: string): Promise<void> => {
        ctx.signal.throwIfAborted();
        cursor = { v: 1, since, open: [...open].slice(-MAX_OPEN) };
        await ctx.commit({ records, raw, cursor });
        counts.incidents += records.length;
        counts.pages++;
      };

      // the overlap re-reads recently created incidents whose status changed since the last run
      const start = Math.max(0, Date.parse(cursor.since) - (ctx.cursor ? cfg.overlapHours * 3600_000 : 0));
      for (let from = start; from < now; from += WINDOW_MS) {
        const until = Math.min(now, from + WINDOW_MS);
        let offset = 0;
        for (;;) {
          const page = await client.incidentsPage({ since: iso(from), until: iso(until), offset, serviceIds: cfg.serviceIds, teamIds: cfg.teamIds });
          const loaded = [];
          for (const inc of page.incidents) loaded.push(await load(inc));
          // mid-window the cursor is the newest created_at stored (never behind the previous cursor)
          const newest = page.incidents.reduce((m, i) => (i.created_at > m ? i.created_at : m), cursor.since);
          const reached = page.more ? newest : iso(Math.max(until, Date.parse(cursor.since)));
          await commit(
            loaded.map((l) => l.record),
            loaded.map((l) => l.raw),
            reached,
          );
          if (!page.more) break;
          offset = page.nextOffset;
        }
      }

      // unresolved incidents created before the window: re-read, committed 20 at a time
      const stale = [...open].filter((id) => !seen.has(id));
      for (let i = 0; i < stale.length; i += 20) {
        const loaded = [];
        for (const id of stale.slice(i, i + 20)) {
          const inc = await client.incident(id);
          if (inc) loaded.push(await load(inc));
          else open.delete(id); // deleted in PagerDuty
        }
        await commit(
          loaded.map((l) => l.record),
          loaded.map((l) => l.raw),
          cursor.since,
        );
      }
      ctx.logger.log({ source: ctx.sourceId, cursorAfter: cursor, ...counts }, 'PagerDuty incidents synced');
    },
  };
}

/** The connector with production settings (real waits). */
export const pagerdutyConnector = createPagerdutyConnector();
