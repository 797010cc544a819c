import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DomainError, invalidField } from '../common/errors.js';
import { RecomputeService } from './recompute.service.js';
import { DEFAULT_RULES, type MetricRules, mergeRules } from './rules.js';

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone');
const regex = z.string().max(500).refine((r) => {
  try {
    new RegExp(r, 'i');
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

const patchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    timeZone: timeZone.optional(),
    productionPattern: regex.optional(),
    rules: z
      .object({
        attributionWindowS: z.number().int().min(60).max(30 * 86400).optional(),
        hotfixLabels: z.array(z.string().min(1).max(100)).max(50).optional(),
        workingHours: z
          .object({
            start: z.number().min(0).max(24),
            end: z.number().min(0).max(24),
            days: z.array(z.number().int().min(0).max(6)).max(7),
          })
          .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['start'] })
          .optional(),
        botPatterns: z.array(regex).max(50).optional(),
        agentPatterns: z.array(regex).max(50).optional(),
        agentLabel: z.string().min(1).max(100).optional(),
        patternKeyRegex: regex.optional(),
        patternPrefixes: z.array(z.string().trim().min(1).max(50)).max(100).nullable().optional(),
        libraryIncrementDays: z.number().int().min(1).max(366).optional(),
        driftFailureStreak: z.number().int().min(2).max(50).optional(),
        driftEarlyMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
        driftExpensiveMinutes: z.number().int().min(1).max(30 * 24 * 60).optional(),
        driftLabel: z.string().trim().min(1).max(100).optional(),
      })
      .strict()
      .refine((r) => r.driftEarlyMinutes === undefined || r.driftExpensiveMinutes === undefined || r.driftEarlyMinutes <= r.driftExpensiveMinutes, {
        message: 'must not exceed driftExpensiveMinutes',
        path: ['driftEarlyMinutes'],
      })
      .optional(),
  })
  .strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw invalidField(issue.path.map(String).join('.') || 'body', issue.message);
  }
  return r.data;
}

/**
 * Org rules that change how metrics classify events. Changing them rebuilds every derived
 * fact, so the numbers follow at once.
 */
@ApiTags('organisation')
@Controller('api/v1')
export class SettingsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recompute: RecomputeService,
  ) {}

  @Get('settings/rules')
  @ApiOperation({ summary: 'The metric rules in force (defaults merged with the org settings)' })
  async rules(): Promise<MetricRules & { defaults: typeof DEFAULT_RULES }> {
    const [row] = (await this.dataSource.query(`SELECT time_zone, production_pattern, rules FROM org_settings WHERE id = 1`)) as {
      time_zone: string;
      production_pattern: string;
      rules: Record<string, unknown> | null;
    }[];
    return { ...mergeRules(row!.time_zone, row!.production_pattern, row!.rules), defaults: DEFAULT_RULES };
  }

  @Patch('settings')
  @ApiOperation({ summary: 'Change org settings: name, timeZone, productionPattern, rules (attribution window, labels, working hours, bot/agent patterns, pattern key regex/prefixes, library increment, drift failure streak, early/expensive minutes, drift label)' })
  async update(@Body() body: unknown): Promise<MetricRules> {
    const patch = parseBody(patchSchema, body);
    await this.dataSource.query(
      `UPDATE org_settings SET
         name = COALESCE($1, name),
         time_zone = COALESCE($2, time_zone),
         production_pattern = COALESCE($3, production_pattern),
         rules = COALESCE(rules, '{}'::jsonb) || COALESCE($4::jsonb, '{}'::jsonb),
         updated_at = now()
       WHERE id = 1`,
      [patch.name ?? null, patch.timeZone ?? null, patch.productionPattern ?? null, patch.rules ? JSON.stringify(patch.rules) : null],
    );
    await this.recompute.recompute();
    return this.rules();
  }

  @Put('services/:key/settings')
  @ApiOperation({ summary: 'Per-service overrides, e.g. {"attributionWindowS": 7200}; null restores the org default' })
  async serviceSettings(@Param('key') key: string, @Body() body: unknown): Promise<{ service: string; attributionWindowS: number | null }> {
    const s = parseBody(z.object({ attributionWindowS: z.number().int().min(60).max(30 * 86400).nullable() }).strict(), body);
    const exists = (await this.dataSource.query(`SELECT 1 FROM services WHERE key = $1`, [key])) as unknown[];
    if (!exists.length) throw new DomainError('not_found', `unknown service '${key.slice(0, 64)}'`, { field: 'key' });
    await this.dataSource.query(
      `INSERT INTO service_settings (service, attribution_window_s) VALUES ($1, $2)
       ON CONFLICT (service) DO UPDATE SET attribution_window_s = EXCLUDED.attribution_window_s`,
      [key, s.attributionWindowS],
    );
    await this.recompute.recompute({ repos: new Set(), services: new Set([key]) });
    return { service: key, attributionWindowS: s.attributionWindowS };
  }
}
