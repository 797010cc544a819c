import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { METRIC_DEFINITIONS_VERSION, type ReportView, type ReportsResponse } from '@bearing/shared';
import type { AccessContext } from '../auth/index.js';
import { invalidField } from '../common/errors.js';
import { OrgService } from '../org/org.service.js';
import { type ScopeRef, formatScope, parseScope } from '../org/scope.js';
import { parseReportRequest } from './dto/report-request.dto.js';
import { renderReviewPdf } from './pdf/review-pdf.js';
import { Clock } from '../common/clock.js';
import { reportNotFound, reportNotReady } from './reports.errors.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsStorage } from './reports.storage.js';
import { ReviewCollector } from './review.collector.js';
import { reviewCsv } from './review.csv.js';
import { reportFileName } from './review.format.js';
import { monthIn, previousMonth } from './review.month.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReportFile {
  body: Buffer;
  fileName: string;
  contentType: string;
}

export interface MonthlyRunResult {
  month: string;
  generated: number;
  failed: number;
  /** reviews another replica (or an earlier run) already claimed */
  skipped: number;
}

/** Monthly reviews: generate (on demand and on schedule), list and download, scoped to the caller. */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);
  private readonly replica = `${hostname()}:${process.pid}`;

  constructor(
    private readonly repository: ReportsRepository,
    private readonly storage: ReportsStorage,
    private readonly collector: ReviewCollector,
    private readonly org: OrgService,
    private readonly clock: Clock,
  ) {}

  /** Reviews the caller may read: org-wide roles see all; others their groups' and squads' reviews. */
  async list(access: AccessContext): Promise<ReportsResponse> {
    if (access.orgWide) return { rows: await this.repository.list(null) };
    const [groups, squads] = await Promise.all([access.visibleGroups(), access.visibleSquads()]);
    const scopes = [...(groups ?? []).map((g) => `group:${g}`), ...(squads ?? []).map((s) => `squad:${s}`)];
    return { rows: await this.repository.list(scopes) };
  }

  async get(id: string, access: AccessContext): Promise<ReportView> {
    const { storage: _storage, ...view } = await this.readable(id, access);
    return view;
  }

  async download(id: string, kind: 'pdf' | 'csv', access: AccessContext): Promise<ReportFile> {
    const report = await this.readable(id, access);
    if (report.status !== 'ready') throw reportNotReady(report.status);
    const body = await this.storage.read(report.id, report.storage, kind);
    if (!body) throw reportNotFound(id);
    return {
      body,
      fileName: reportFileName(report.month, report.scope, kind),
      contentType: kind === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8',
    };
  }

  private async readable(id: string, access: AccessContext) {
    if (!UUID.test(id)) throw reportNotFound(id);
    const report = await this.repository.find(id);
    // a review of a scope the caller cannot read is "not found": its existence is not told
    if (!report || !(await access.canRead(parseScope(report.scope)))) throw reportNotFound(id);
    return report;
  }

  /** `POST /api/v1/reports`: generates (or regenerates) one review now and returns it. */
  async request(body: unknown, access: AccessContext): Promise<ReportView> {
    const req = parseReportRequest(body);
    await access.assertCanRead(req.scope);
    const { timeZone } = await this.org.settings();
    if (req.month > monthIn(this.clock.now(), timeZone)) throw invalidField('month', 'is in the future');
    await this.org.resolve(req.scope); // 404 naming the scope when it does not exist
    const id = await this.generate(req.month, req.scope, 'manual');
    return this.get(id, access);
  }

  /**
   * Generates one review and stores it, replacing the month's earlier one for the scope. A
   * failure is recorded on the review (status `failed`, with the error) and not thrown.
   */
  async generate(month: string, ref: ScopeRef, trigger: ReportView['trigger']): Promise<string> {
    const scope = formatScope(ref);
    const started = Date.now();
    const scopeName = await this.collector.scopeName(ref);
    const id = await this.repository.start({ month, scope, scopeName, trigger, definitionsVersion: METRIC_DEFINITIONS_VERSION });
    try {
      const generatedAt = this.clock.now();
      const review = await this.collector.collect(month, ref, generatedAt);
      const collected = Date.now();
      const pdf = await renderReviewPdf(review);
      const rendered = Date.now();
      const csv = Buffer.from(reviewCsv(review), 'utf8');
      await this.storage.write(id, { pdf, csv });
      await this.repository.finish(id, { generatedAt: review.generatedAt, storage: this.storage.kind, pdf, csv });
      const done = Date.now();
      this.logger.log(
        `review ${month} ${scope} (${trigger}) ready in ${done - started} ms (numbers ${collected - started} ms, pdf ${rendered - collected} ms, csv and storage ${done - rendered} ms): ${review.rows.length} scopes, pdf ${pdf.length} B, csv ${csv.length} B`,
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.error(`review ${month} ${scope} (${trigger}) failed: ${message}`);
      await this.repository.fail(id, message);
    }
    return id;
  }

  /**
   * The scheduled run: the previous month's review (org time zone) for the org, every group and
   * every squad. Each review is claimed atomically first, so replicas running the same tick
   * share the work and generate each review exactly once; one failure does not stop the others.
   */
  async runMonthly(now: Date = this.clock.now()): Promise<MonthlyRunResult> {
    const { timeZone } = await this.org.settings();
    const month = previousMonth(now, timeZone);
    const [{ groups }, { squads }] = await Promise.all([this.org.groups(), this.org.squads()]);
    const scopes: ScopeRef[] = [{ kind: 'org' }, ...groups.map((g) => ({ kind: 'group' as const, key: g.key })), ...squads.map((s) => ({ kind: 'squad' as const, key: s.key }))];
    this.logger.log(`monthly reviews for ${month}: ${scopes.length} scopes (replica ${this.replica})`);
    const result: MonthlyRunResult = { month, generated: 0, failed: 0, skipped: 0 };
    for (const ref of scopes) {
      if (!(await this.repository.claim(month, formatScope(ref), this.replica))) {
        result.skipped++;
        continue;
      }
      const id = await this.generate(month, ref, 'schedule');
      const status = (await this.repository.find(id))?.status;
      if (status === 'ready') result.generated++;
      else result.failed++;
    }
    this.logger.log(`monthly reviews for ${month} done: ${result.generated} generated, ${result.failed} failed, ${result.skipped} claimed elsewhere`);
    return result;
  }
}
