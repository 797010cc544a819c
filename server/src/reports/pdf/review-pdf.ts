import PDFDocument from 'pdfkit';
import type { MetricKey } from '@bearing/shared';
import { type Box, chartGeometry } from '../review.chart.js';
import { EMPTY, NOT_AVAILABLE, formatDuration, formatInstant, formatPercent, formatValue, metricLabel } from '../review.format.js';
import { SUMMARY_COLUMNS, type SummaryLine, metricLines, rollupLines } from '../review.layout.js';
import { HEADLINE_METRICS, type ReviewData, type ReviewTrend } from '../review.model.js';
import { monthTitle } from '../review.month.js';
import { whatChanged } from '../review.what-changed.js';

/** The web app's palette (web/src/styles.css, web/src/features/charts/chartColors.ts). */
export const PALETTE = {
  text: '#1b1f24',
  muted: '#4a5360',
  border: '#d3d8df',
  bg: '#f5f6f8',
  header: '#17324d',
  accent: '#1f4f8f',
  good: '#1e6b34',
  bad: '#a4262c',
  grid: '#cccccc', // Recharts' CartesianGrid default
  axis: '#666666', // Recharts' axis tick default
  series: ['#1f5fa8', '#b35c00', '#2e7d32', '#c2185b', '#7b3fa0'],
} as const;

const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 20; // room for the footer
const COLUMN_WIDTHS = [150, 62, 72, 66, 52, 93];
const ROW_H = 15;

/** The standard PDF fonts speak WinAnsi: anything else is spelled out or replaced. */
export function pdfText(s: string): string {
  return s
    .replace(/≤/g, '<=')
    .replace(/≥/g, '>=')
    .replace(/→/g, '->')
    .replace(/−/g, '-')
    .replace(/[^\x20-\x7e\xa0-\xff–—‘’“”•…€\n]/g, '?');
}

export interface RenderOptions {
  /** deflate the content streams (default true; tests may read them uncompressed) */
  compress?: boolean;
}

/** Renders a review as a vector PDF (A4 portrait, standard fonts, page X of Y). */
export function renderReviewPdf(review: ReviewData, options: RenderOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    compress: options.compress ?? true,
    info: {
      Title: pdfText(`${review.orgName} monthly review: ${review.scopeName}, ${monthTitle(review.month)}`),
      Author: 'Bearing',
      Subject: `Monthly review ${review.month} ${review.scope}`,
      CreationDate: new Date(review.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new ReviewWriter(doc, review).write();
  doc.end();
  return done;
}

class ReviewWriter {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly r: ReviewData,
  ) {}

  write(): void {
    this.titlePage();
    this.summary();
    this.trends();
    if (this.r.rows.length > 1) this.byScope();
    this.drift();
    this.patterns();
    this.incidents();
    this.footers();
  }

  private text(s: string, x?: number, y?: number, o?: PDFKit.Mixins.TextOptions) {
    if (x === undefined) this.doc.text(pdfText(s), o);
    else this.doc.text(pdfText(s), x, y, o);
  }

  private ensure(height: number) {
    if (this.doc.y + height > BOTTOM) this.doc.addPage();
  }

  private heading(title: string) {
    this.ensure(60);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(15).fillColor(PALETTE.header);
    this.text(title, PAGE.margin, undefined);
    this.doc.moveDown(0.3);
  }

  private para(s: string, size = 9.5, color: string = PALETTE.text) {
    this.doc.font('Helvetica').fontSize(size).fillColor(color);
    this.text(s, PAGE.margin, undefined, { width: CONTENT_WIDTH });
  }

  private titlePage() {
    const d = this.doc;
    d.rect(0, 0, PAGE.width, 230).fill(PALETTE.header);
    d.fillColor('#ffffff').font('Helvetica').fontSize(12);
    this.text('BEARING · MONTHLY REVIEW', PAGE.margin, 80);
    d.font('Helvetica-Bold').fontSize(28);
    this.text(this.r.orgName, PAGE.margin, 110, { width: CONTENT_WIDTH });
    d.font('Helvetica').fontSize(16).fillColor('#c9d6e3');
    this.text(`${this.r.scopeName} · ${monthTitle(this.r.month)}`, PAGE.margin, 160, { width: CONTENT_WIDTH });
    d.fillColor(PALETTE.text).font('Helvetica').fontSize(10.5);
    const facts: [string, string][] = [
      ['Scope', `${this.r.scopeName} (${this.r.scope})`],
      ['Month', `${monthTitle(this.r.month)} (${this.r.month}, ${this.r.timeZone})`],
      ['Generated', formatInstant(this.r.generatedAt, this.r.timeZone)],
      ['Metric definitions', `version ${this.r.definitionsVersion}`],
      ['Scopes covered', `${this.r.rows.length} (${this.r.rows.filter((x) => x.kind === 'squad').length} squads)`],
    ];
    let y = 280;
    for (const [k, v] of facts) {
      d.font('Helvetica-Bold').fillColor(PALETTE.muted);
      this.text(k, PAGE.margin, y);
      d.font('Helvetica').fillColor(PALETTE.text);
      this.text(v, PAGE.margin + 130, y, { width: CONTENT_WIDTH - 130 });
      y += 20;
    }
    d.font('Helvetica-Bold').fontSize(12).fillColor(PALETTE.header);
    this.text('Contents', PAGE.margin, y + 30);
    d.font('Helvetica').fontSize(10).fillColor(PALETTE.text);
    const contents = ['Summary and what changed', 'Trends over six months', ...(this.r.rows.length > 1 ? ['Headline metrics by group and squad'] : []), 'Drift', 'Patterns', 'Incidents'];
    contents.forEach((c, i) => this.text(`${i + 1}. ${c}`, PAGE.margin + 10, y + 52 + i * 16));
    d.fontSize(8.5).fillColor(PALETTE.muted);
    this.text(
      'Numbers come from the Bearing metrics API for the month, the previous month and the three months before, in the org time zone. An empty sample is shown as "–" (not zero). Metrics Bearing does not compute yet are marked "not available".',
      PAGE.margin,
      BOTTOM - 50,
      { width: CONTENT_WIDTH },
    );
  }

  private table(lines: SummaryLine[], header: readonly string[] = SUMMARY_COLUMNS) {
    const d = this.doc;
    const drawHeader = () => {
      let x = PAGE.margin;
      d.font('Helvetica-Bold').fontSize(8).fillColor(PALETTE.muted);
      header.forEach((h, i) => {
        this.text(h, x + 3, d.y, { width: COLUMN_WIDTHS[i]! - 6, lineBreak: false, align: i === 0 ? 'left' : 'right' });
        x += COLUMN_WIDTHS[i]!;
      });
      const y = d.y + ROW_H - 4;
      d.moveTo(PAGE.margin, y).lineTo(PAGE.margin + CONTENT_WIDTH, y).lineWidth(0.8).strokeColor(PALETTE.border).stroke();
      d.y = y + 4;
    };
    this.ensure(ROW_H * 3);
    drawHeader();
    lines.forEach((line, n) => {
      if (d.y + ROW_H > BOTTOM) {
        d.addPage();
        drawHeader();
      }
      const y = d.y;
      if (n % 2 === 1) d.rect(PAGE.margin, y - 3, CONTENT_WIDTH, ROW_H).fill(PALETTE.bg);
      let x = PAGE.margin;
      line.forEach((cell, i) => {
        const missed = cell.endsWith(': missed');
        const met = cell.endsWith(': met');
        d.font(i === 0 || i === 1 ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(8)
          .fillColor(missed ? PALETTE.bad : met ? PALETTE.good : cell === NOT_AVAILABLE ? PALETTE.muted : PALETTE.text);
        this.text(this.truncateToWidth(cell, COLUMN_WIDTHS[i]! - 6), x + 3, y, { width: COLUMN_WIDTHS[i]! - 6, lineBreak: false, align: i === 0 ? 'left' : 'right' });
        x += COLUMN_WIDTHS[i]!;
      });
      d.y = y + ROW_H;
    });
    d.x = PAGE.margin;
    d.moveDown(0.5);
  }

  /** Shortens a cell to its column with an ellipsis. */
  private truncateToWidth(s: string, width: number): string {
    const t = pdfText(s);
    if (this.doc.widthOfString(t) <= width) return t;
    let cut = t;
    while (cut.length > 1 && this.doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  private summary() {
    this.doc.addPage();
    this.heading(`Summary: ${this.r.scopeName}, ${monthTitle(this.r.month)}`);
    this.para('Headline metrics of the scope for the month, against the previous month and the average of the three months before, with the DORA tier and the target set for the scope.', 9, PALETTE.muted);
    this.doc.moveDown(0.6);
    this.table(rollupLines(this.r));
    this.heading('What changed');
    const notes = whatChanged(this.r.rows);
    if (notes.length === 0) this.para('No target, tier or large movement changed against the previous month.');
    for (const n of notes) {
      this.ensure(28);
      this.doc.font('Helvetica').fontSize(9.5).fillColor(n.kind === 'target_missed' ? PALETTE.bad : PALETTE.text);
      this.text(`•  ${n.text}`, PAGE.margin, undefined, { width: CONTENT_WIDTH });
      this.doc.moveDown(0.25);
    }
  }

  private trends() {
    this.doc.addPage();
    this.heading('Trends over six months (weekly)');
    const titles: Partial<Record<MetricKey, string>> = {
      deployment_frequency: 'Deployments per week',
      lead_time_for_changes: 'Lead time for changes (median per week)',
      change_failure_rate: 'Change failure rate per week',
    };
    this.r.trends.forEach((t, i) => this.chart(titles[t.metric] ?? metricLabel(t.metric), t, PALETTE.series[i % PALETTE.series.length]!));
  }

  private chart(title: string, trend: ReviewTrend, color: string) {
    const d = this.doc;
    this.ensure(205);
    d.font('Helvetica-Bold').fontSize(10).fillColor(PALETTE.text);
    this.text(title, PAGE.margin, undefined);
    const top = d.y + 6;
    const box: Box = { x: PAGE.margin + 55, y: top + 8, width: CONTENT_WIDTH - 70, height: 140 };
    if (!trend.available || trend.points.every((p) => p.value === null)) {
      d.font('Helvetica').fontSize(9).fillColor(PALETTE.muted);
      this.text(trend.available ? 'No data in these six months.' : `${NOT_AVAILABLE}.`, PAGE.margin, top + 10);
      d.y = top + 40;
      return;
    }
    const g = chartGeometry(trend.points, box);
    d.save();
    d.lineWidth(0.5).strokeColor(PALETTE.grid).dash(3, { space: 3 });
    for (const t of g.yTicks) d.moveTo(box.x, t.y).lineTo(box.x + box.width, t.y).stroke();
    for (const t of g.xTicks) d.moveTo(t.x, box.y).lineTo(t.x, box.y + box.height).stroke();
    d.undash();
    d.lineWidth(0.8).strokeColor(PALETTE.axis).moveTo(box.x, box.y + box.height).lineTo(box.x + box.width, box.y + box.height).stroke();
    d.moveTo(box.x, box.y).lineTo(box.x, box.y + box.height).stroke();
    d.font('Helvetica').fontSize(7).fillColor(PALETTE.axis);
    for (const t of g.yTicks) this.text(formatValue(trend.unit, t.value), PAGE.margin, t.y - 3, { width: 50, align: 'right', lineBreak: false });
    for (const t of g.xTicks) this.text(t.label, t.x - 20, box.y + box.height + 4, { width: 40, align: 'center', lineBreak: false });
    d.lineWidth(2).strokeColor(color).lineJoin('round').lineCap('round');
    for (const seg of g.segments) {
      if (seg.length === 1) continue;
      d.moveTo(seg[0]!.x, seg[0]!.y);
      for (const p of seg.slice(1)) d.lineTo(p.x, p.y);
      d.stroke();
    }
    for (const p of g.dots) d.circle(p.x, p.y, 2).lineWidth(1).fillAndStroke('#ffffff', color);
    d.restore();
    d.x = PAGE.margin;
    d.y = box.y + box.height + 22;
  }

  private byScope() {
    this.doc.addPage();
    this.heading('Headline metrics by group and squad');
    this.para('Each table lists the scope roll-up, then its groups and squads, with the same columns as the summary.', 9, PALETTE.muted);
    for (const metric of HEADLINE_METRICS) {
      this.ensure(ROW_H * 5);
      this.doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(PALETTE.header);
      this.text(metricLabel(metric), PAGE.margin, undefined);
      this.doc.moveDown(0.2);
      this.table(metricLines(this.r, metric));
    }
  }

  private drift() {
    this.heading('Drift');
    const dr = this.r.drift;
    if (!dr.available) {
      this.para('No drift data: the drift metrics are not available on this server yet.');
      return;
    }
    this.para(
      `Drift recovery time (median): ${formatValue('seconds', dr.recoveryTime)}. Episodes caught early: ${dr.caughtEarly === null ? EMPTY : formatPercent(dr.caughtEarly)}.`,
    );
    this.doc.moveDown(0.4);
    this.chart('Drift recovery time (median per week)', { metric: 'drift_recovery_time', available: true, unit: 'seconds', points: dr.recoveryTrend }, PALETTE.series[3]);
    if (dr.longest.length === 0) {
      this.para('No drift episode recovered in the month.');
      return;
    }
    this.doc.font('Helvetica-Bold').fontSize(10).fillColor(PALETTE.text);
    this.text('Longest episodes', PAGE.margin, undefined);
    this.doc.moveDown(0.2);
    this.table(
      dr.longest.map((e) => [e.unit, e.durationS === null ? EMPTY : formatDuration(e.durationS), e.squad ?? EMPTY, e.startedAt ? formatInstant(e.startedAt, this.r.timeZone) : EMPTY, '', '']),
      ['Unit', 'Duration', 'Squad', 'Started', '', ''],
    );
  }

  private patterns() {
    this.heading('Patterns');
    const p = this.r.patterns;
    this.para(
      `Pattern citation rate: ${formatValue('ratio', p.citationRate)} of ${p.citationSample} merged pull requests cite an active pattern. ` +
        `Library freshness: ${p.freshnessS === null ? 'the library is empty' : `last changed ${formatDuration(p.freshnessS)} before the end of the month${p.freshnessStale ? ' (stale)' : ''}`}.`,
    );
    this.doc.moveDown(0.4);
    if (p.retired.length === 0) {
      this.para('No merged pull request cited a retired pattern this month.');
      return;
    }
    this.doc.font('Helvetica-Bold').fontSize(10).fillColor(PALETTE.text);
    this.text(`Retired patterns still cited (${p.retired.length}): migrations to do`, PAGE.margin, undefined);
    this.doc.moveDown(0.2);
    this.table(
      p.retired.map((c) => [`${c.repo}#${c.number}`, c.pattern, c.replacedBy ?? EMPTY, c.migrationNote ?? '', '', '']),
      ['Pull request', 'Retired', 'Replaced by', 'Migration note', '', ''],
    );
  }

  private incidents() {
    this.heading('Incidents');
    const inc = this.r.incidents;
    this.para(`Attribution rule: ${inc.rule}`, 8.5, PALETTE.muted);
    this.doc.moveDown(0.4);
    if (inc.rows.length === 0) {
      this.para('No incident was opened in the month.');
      return;
    }
    this.table(
      inc.rows.map((i) => [
        `${i.id}${i.title ? ` ${i.title}` : ''}`,
        i.severity ?? EMPTY,
        i.service ?? i.squad ?? EMPTY,
        i.durationS === null ? (i.resolvedAt ? EMPTY : 'open') : formatDuration(i.durationS),
        i.attributedTo ? 'change' : 'none',
        `${i.rule}${i.attributedTo ? `: ${i.attributedTo}` : ''}`,
      ]),
      ['Incident', 'Severity', 'Service', 'Restored in', 'Deploy', 'Attribution'],
    );
  }

  private footers() {
    const d = this.doc;
    const range = d.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      d.switchToPage(i);
      const bottom = d.page.margins.bottom;
      d.page.margins.bottom = 0;
      d.font('Helvetica').fontSize(7.5).fillColor(PALETTE.muted);
      this.text(`${this.r.orgName} · ${this.r.scopeName} · ${monthTitle(this.r.month)}`, PAGE.margin, PAGE.height - 35, { width: CONTENT_WIDTH / 2, lineBreak: false });
      this.text(`Page ${i - range.start + 1} of ${range.count}`, PAGE.margin + CONTENT_WIDTH / 2, PAGE.height - 35, { width: CONTENT_WIDTH / 2, align: 'right', lineBreak: false });
      d.page.margins.bottom = bottom;
    }
  }
}
