import { randomBytes } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { validateCronExpression } from 'cron';
import { z } from 'zod';

/** The typed configuration; nothing else in the server reads `process.env`. */
export interface AppConfig {
  port: number;
  host: string;
  /** absent → embedded PostgreSQL */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  demo: boolean;
  timeZone: string;
  sessionSecret: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  webDistDir: string | null;
  dbPoolSize: number;
  /** statement timeout for API queries, ms */
  statementTimeoutMs: number;
  /**
   * An HTTP import with more accepted records than this answers once its rows are committed and
   * rebuilds the derived facts in the background (0 = always wait for the facts)
   */
  importDeferFactsAbove: number;
  /** append JSON logs to this file instead of stdout (null → stdout) */
  logFile: string | null;
  auth: {
    /** idle timeout: a session unused this long expires (renewed as it is used), hours */
    sessionIdleHours: number;
    /** absolute session lifetime, days */
    sessionMaxAgeDays: number;
    /** `auto`: Secure cookies when the request came over HTTPS (directly or via a trusted proxy) */
    cookieSecure: 'auto' | 'always' | 'never';
    /** failed sign-ins per minute per client address and email before 429 */
    loginRateLimit: number;
    /** requests per minute per client address to the public routes (webhooks, sign-in); 0 = off */
    publicRateLimit: number;
    /** seconds a looked-up session or token principal is reused by this process; 0 = off */
    cacheSeconds: number;
  };
  /** OpenID Connect sign-in; null when OIDC_ISSUER_URL is not set */
  oidc: OidcConfig | null;
  connectors: ConnectorsConfig;
  reports: {
    /** cron of the monthly reviews, in the org time zone; null = no scheduled reviews */
    cron: string | null;
    /** directory holding the PDF and CSV files; null = stored in PostgreSQL (bytea) */
    dir: string | null;
  };
}

export interface ConnectorsConfig {
  /** AES-256-GCM key for source secrets (BEARING_SECRET_KEY); null → generated under dataDir in embedded mode, refused otherwise */
  secretKey: Buffer | null;
  /** run the scheduler tick in this process */
  scheduler: boolean;
  tickSeconds: number;
  /** sources synced at once per process */
  concurrency: number;
  /** a run is aborted after this long */
  runTimeoutSeconds: number;
  /** where git sources are cloned (bare, blob-less) */
  gitCacheDir: string;
}

export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** this server's callback, registered at the provider: https://<host>/api/v1/auth/oidc/callback */
  redirectUrl: string;
  scopes: string;
  /** claim holding Bearing roles (array, or a space/comma separated string) */
  rolesClaim: string;
  groupsClaim: string;
  squadsClaim: string;
  /** roles for a new user whose token carries no roles claim; empty = refuse them */
  defaultRoles: string[];
  /** plain-HTTP issuer (only allowed on loopback addresses, for development and tests) */
  allowInsecure: boolean;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
const ROLE_NAMES = ['admin', 'vp', 'director', 'practice_lead', 'squad_lead', 'viewer'];

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    message: 'must be one of true/false, 1/0, yes/no, on/off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

/** 32 bytes, as 64 hex digits or base64/base64url. */
export function parseSecretKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const b = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return b.length === 32 ? b : null;
  }
  return null;
}

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  BEARING_DATA_DIR: z.string().min(1).default('.bearing'),
  BEARING_EMBEDDED_PG_PORT: port.default(54329),
  BEARING_DEMO: bool.optional(),
  BEARING_TIME_ZONE: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Paris')
    .default('UTC'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BEARING_ADMIN_EMAIL: z.email('must be an email address').optional(),
  BEARING_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BEARING_WEB_DIST: z.string().min(1).optional(),
  BEARING_DB_POOL_SIZE: z.coerce.number({ message: 'must be a number' }).int().min(1).max(200).default(10),
  BEARING_STATEMENT_TIMEOUT_MS: z.coerce.number({ message: 'must be a number' }).int().min(100).default(30000),
  BEARING_IMPORT_DEFER_FACTS_ABOVE: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0).default(100_000),
  BEARING_LOG_FILE: z.string().min(1).optional(),
  SESSION_IDLE_HOURS: z.coerce.number({ message: 'must be a number' }).positive('must be positive').max(24 * 90).default(12),
  SESSION_MAX_AGE_DAYS: z.coerce.number({ message: 'must be a number' }).positive('must be positive').max(365).default(30),
  BEARING_COOKIE_SECURE: z.enum(['auto', 'always', 'never'], { message: "must be 'auto', 'always' or 'never'" }).default('auto'),
  BEARING_LOGIN_RATE_LIMIT: z.coerce.number({ message: 'must be a number' }).int().min(1).max(10000).default(10),
  BEARING_PUBLIC_RATE_LIMIT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(1_000_000).default(600),
  BEARING_AUTH_CACHE_SECONDS: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0).max(60).default(5),
  BEARING_SECRET_KEY: z
    .string()
    .refine((v) => parseSecretKey(v) !== null, 'must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)')
    .optional(),
  BEARING_SCHEDULER: bool.default(true),
  BEARING_SCHEDULER_TICK_SECONDS: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(1).max(3600).default(15),
  BEARING_SYNC_CONCURRENCY: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(1).max(64).default(4),
  BEARING_SYNC_TIMEOUT_SECONDS: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(1).max(7 * 24 * 3600).default(3600),
  BEARING_GIT_CACHE_DIR: z.string().min(1).optional(),
  OIDC_ISSUER_URL: z
    .url('must be a URL')
    .refine((u) => /^https:/.test(u) || (/^http:/.test(u) && LOOPBACK.test(new URL(u).hostname)), 'must be https:// (http:// only on localhost)')
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z.url('must be a URL').optional(),
  OIDC_SCOPES: z.string().min(1).default('openid email profile'),
  OIDC_ROLES_CLAIM: z.string().min(1).default('bearing_roles'),
  OIDC_GROUPS_CLAIM: z.string().min(1).default('bearing_groups'),
  OIDC_SQUADS_CLAIM: z.string().min(1).default('bearing_squads'),
  BEARING_REPORTS_CRON: z
    .string()
    .refine((v) => v === 'off' || validateCronExpression(v).valid, "must be a cron expression such as '0 6 1 * *', or 'off'")
    .default('0 6 1 * *'),
  BEARING_REPORTS_DIR: z.string().min(1).optional(),
  OIDC_DEFAULT_ROLES: z
    .string()
    .refine((v) => v.split(',').every((r) => ROLE_NAMES.includes(r.trim())), `must be a comma-separated list of ${ROLE_NAMES.join(', ')}`)
    .optional(),
});

/**
 * Validates the environment once at start. Every wrong variable is reported together, so an
 * operator fixes them in one go.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  // Empty strings count as unset (docker-compose passes `VAR=` for optional values).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  if ((e.BEARING_ADMIN_EMAIL === undefined) !== (e.BEARING_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError([
      {
        variable: e.BEARING_ADMIN_EMAIL ? 'BEARING_ADMIN_PASSWORD' : 'BEARING_ADMIN_EMAIL',
        message: 'BEARING_ADMIN_EMAIL and BEARING_ADMIN_PASSWORD must be set together',
      },
    ]);
  }
  if (e.OIDC_ISSUER_URL) {
    const missing = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const).filter((v) => e[v] === undefined);
    if (missing.length) throw new ConfigError(missing.map((variable) => ({ variable, message: 'is required when OIDC_ISSUER_URL is set' })));
  }
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const databaseUrl = e.DATABASE_URL ?? null;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl,
    dataDir: abs(e.BEARING_DATA_DIR),
    embeddedPgPort: e.BEARING_EMBEDDED_PG_PORT,
    demo: e.BEARING_DEMO ?? databaseUrl === null,
    timeZone: e.BEARING_TIME_ZONE,
    sessionSecret: e.SESSION_SECRET ?? null,
    adminEmail: e.BEARING_ADMIN_EMAIL ?? null,
    adminPassword: e.BEARING_ADMIN_PASSWORD ?? null,
    logLevel: e.LOG_LEVEL,
    webDistDir: e.BEARING_WEB_DIST ? abs(e.BEARING_WEB_DIST) : null,
    dbPoolSize: e.BEARING_DB_POOL_SIZE,
    statementTimeoutMs: e.BEARING_STATEMENT_TIMEOUT_MS,
    importDeferFactsAbove: e.BEARING_IMPORT_DEFER_FACTS_ABOVE,
    logFile: e.BEARING_LOG_FILE ? abs(e.BEARING_LOG_FILE) : null,
    auth: {
      sessionIdleHours: e.SESSION_IDLE_HOURS,
      sessionMaxAgeDays: e.SESSION_MAX_AGE_DAYS,
      cookieSecure: e.BEARING_COOKIE_SECURE,
      loginRateLimit: e.BEARING_LOGIN_RATE_LIMIT,
      publicRateLimit: e.BEARING_PUBLIC_RATE_LIMIT,
      cacheSeconds: e.BEARING_AUTH_CACHE_SECONDS,
    },
    connectors: {
      secretKey: e.BEARING_SECRET_KEY ? parseSecretKey(e.BEARING_SECRET_KEY) : null,
      scheduler: e.BEARING_SCHEDULER,
      tickSeconds: e.BEARING_SCHEDULER_TICK_SECONDS,
      concurrency: e.BEARING_SYNC_CONCURRENCY,
      runTimeoutSeconds: e.BEARING_SYNC_TIMEOUT_SECONDS,
      gitCacheDir: e.BEARING_GIT_CACHE_DIR ? abs(e.BEARING_GIT_CACHE_DIR) : resolve(abs(e.BEARING_DATA_DIR), 'git-cache'),
    },
    oidc: e.OIDC_ISSUER_URL
      ? {
          issuerUrl: e.OIDC_ISSUER_URL,
          clientId: e.OIDC_CLIENT_ID!,
          clientSecret: e.OIDC_CLIENT_SECRET!,
          redirectUrl: e.OIDC_REDIRECT_URL!,
          scopes: e.OIDC_SCOPES,
          rolesClaim: e.OIDC_ROLES_CLAIM,
          groupsClaim: e.OIDC_GROUPS_CLAIM,
          squadsClaim: e.OIDC_SQUADS_CLAIM,
          defaultRoles: e.OIDC_DEFAULT_ROLES ? e.OIDC_DEFAULT_ROLES.split(',').map((r) => r.trim()) : [],
          allowInsecure: e.OIDC_ISSUER_URL.startsWith('http:'),
        }
      : null,
    reports: {
      cron: e.BEARING_REPORTS_CRON === 'off' ? null : e.BEARING_REPORTS_CRON,
      dir: e.BEARING_REPORTS_DIR ? abs(e.BEARING_REPORTS_DIR) : null,
    },
  };
}

export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const APP_CONFIG = Symbol('APP_CONFIG');
