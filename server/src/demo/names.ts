/** Word lists for the demo organisation (no external faker; everything here is invented). */

export const FIRST_NAMES: readonly string[] = [
  'Ada', 'Alan', 'Amara', 'Anders', 'Aisha', 'Bea', 'Ben', 'Bilal', 'Carla', 'Chen',
  'Chidi', 'Clara', 'Dara', 'David', 'Dmitri', 'Elena', 'Emeka', 'Emma', 'Farah', 'Felix',
  'Grace', 'Hana', 'Hugo', 'Ines', 'Ivan', 'Jae', 'Jonas', 'Julia', 'Kai', 'Kofi',
  'Lars', 'Lea', 'Leila', 'Luca', 'Maya', 'Marta', 'Mateo', 'Mei', 'Nadia', 'Nils',
  'Noor', 'Olu', 'Omar', 'Paula', 'Priya', 'Quinn', 'Rafael', 'Rania', 'Rosa', 'Sam',
  'Sara', 'Sven', 'Tariq', 'Tess', 'Theo', 'Uma', 'Vera', 'Wei', 'Yara', 'Yusuf',
  'Zoe', 'Zane', 'Isla', 'Arjun', 'Bruno', 'Cleo', 'Elif', 'Goran', 'Hiro', 'Ivy',
];

export const LAST_NAMES: readonly string[] = [
  'Abara', 'Adeyemi', 'Almeida', 'Andersen', 'Bauer', 'Becker', 'Bianchi', 'Brandt', 'Castro', 'Chowdhury',
  'Costa', 'Dahl', 'Diallo', 'Dubois', 'Eriksen', 'Fischer', 'Fontaine', 'Garcia', 'Haddad', 'Hansen',
  'Horvat', 'Ibrahim', 'Ito', 'Jansen', 'Kaur', 'Keller', 'Kim', 'Kowalski', 'Larsen', 'Lehmann',
  'Lindqvist', 'Lopez', 'Mahmoud', 'Martin', 'Meyer', 'Moreau', 'Mwangi', 'Nakamura', 'Nguyen', 'Novak',
  'Okafor', 'Olsen', 'Osei', 'Park', 'Patel', 'Pereira', 'Petrov', 'Quist', 'Rahman', 'Reyes',
  'Rossi', 'Sato', 'Schmidt', 'Silva', 'Singh', 'Sokolov', 'Tanaka', 'Torres', 'Umar', 'Varga',
  'Vogel', 'Wagner', 'Walsh', 'Weber', 'Wong', 'Yilmaz', 'Zhang', 'Zimmer', 'Ortiz', 'Laine',
];

/** Groups and the suffixes of their squads (keys are `<group>-<suffix>`). */
export const GROUP_CATALOGUE: ReadonlyArray<{ key: string; name: string; squads: readonly string[] }> = [
  { key: 'payments', name: 'Payments', squads: ['core', 'checkout', 'ledger', 'fraud', 'billing'] },
  { key: 'platform', name: 'Platform', squads: ['infra', 'delivery', 'observability', 'security', 'devex'] },
  { key: 'growth', name: 'Growth', squads: ['onboarding', 'experiments', 'notifications', 'referrals', 'lifecycle'] },
  { key: 'identity', name: 'Identity', squads: ['auth', 'accounts', 'permissions', 'sso', 'profiles'] },
  { key: 'data', name: 'Data', squads: ['pipelines', 'warehouse', 'analytics', 'ml', 'streaming'] },
  { key: 'commerce', name: 'Commerce', squads: ['catalog', 'cart', 'pricing', 'orders', 'inventory'] },
  { key: 'mobile', name: 'Mobile', squads: ['ios', 'android', 'appshell', 'releases', 'offline'] },
  { key: 'search', name: 'Search', squads: ['indexing', 'ranking', 'query', 'discovery', 'autocomplete'] },
  { key: 'risk', name: 'Risk', squads: ['compliance', 'kyc', 'disputes', 'limits', 'audit'] },
  { key: 'messaging', name: 'Messaging', squads: ['email', 'push', 'sms', 'chat', 'templates'] },
];

/** Readable squad names for suffixes that do not capitalise nicely. */
export const SQUAD_NAME_OVERRIDES: Readonly<Record<string, string>> = {
  devex: 'Developer Experience',
  ml: 'Machine Learning',
  sso: 'SSO',
  kyc: 'KYC',
  sms: 'SMS',
  ios: 'iOS',
  appshell: 'App Shell',
};

export const DEPLOYABLE_REPO_KINDS: readonly string[] = ['api', 'web', 'worker', 'jobs', 'gateway', 'service'];
export const LIBRARY_REPO_KINDS: readonly string[] = ['lib', 'sdk', 'schemas', 'tools', 'infra', 'docs-site'];

export const MODULES: readonly string[] = [
  'handlers', 'models', 'routes', 'clients', 'jobs', 'events', 'config', 'validation',
  'storage', 'metrics', 'auth', 'cache', 'queue', 'mappers', 'webhooks', 'reports',
];

export const FILE_STEMS: readonly string[] = [
  'index', 'service', 'controller', 'repository', 'client', 'schema', 'types', 'retry',
  'mapper', 'handler', 'policy', 'worker', 'scheduler', 'adapter', 'factory', 'limits',
];

export const PR_VERBS: readonly string[] = [
  'Add', 'Fix', 'Refactor', 'Improve', 'Remove', 'Migrate', 'Simplify', 'Harden', 'Speed up', 'Document',
];

export const PR_OBJECTS: readonly string[] = [
  'retry handling', 'idempotency keys', 'pagination', 'input validation', 'error mapping',
  'rate limiting', 'cache invalidation', 'webhook signatures', 'feature flag', 'audit logging',
  'timeout budget', 'metrics labels', 'batch export', 'schema migration', 'null handling',
  'currency rounding', 'queue consumer', 'health check', 'config loading', 'tracing spans',
  'bulk endpoint', 'dead-letter queue', 'permission checks', 'search filters', 'CSV export',
];

export const DIRECT_COMMIT_MESSAGES: readonly string[] = [
  'Update README', 'Fix typo in docs', 'Bump version', 'Update CHANGELOG', 'Tidy CODEOWNERS',
  'Adjust alert thresholds', 'Update runbook link',
];

export const INCIDENT_TITLES: readonly string[] = [
  'Elevated 5xx rate on {service}',
  'Latency spike on {service}',
  '{service} queue backlog growing',
  '{service} returning stale data',
  'Error budget burn on {service}',
  '{service} pods crash-looping',
  'Timeouts calling {service}',
  'Failed jobs in {service}',
];

export const SQUAD_INCIDENT_TITLES: readonly string[] = [
  'VPN gateway degraded',
  'CI runners unavailable',
  'Shared database failover',
  'DNS resolution errors in eu-west',
  'Certificate expiry warning',
];

export const PATTERN_CONCEPTS: readonly string[] = [
  'Idempotent request handlers', 'Transactional outbox', 'Feature flags via config service',
  'Structured logging fields', 'Retry with jittered backoff', 'Pagination with opaque cursors',
  'Money as integer minor units', 'Contract tests for clients', 'Database migrations in two steps',
  'Circuit breaker around partners', 'Explicit timeouts on every call', 'Error envelope for APIs',
  'Background jobs through the queue', 'Secrets from the vault', 'Health and readiness probes',
  'Read models for reporting', 'Typed configuration', 'Dead-letter queue handling',
  'Audit log for admin actions', 'Rate limits per tenant', 'Soft deletes with retention',
  'Event schema versioning', 'Canary releases', 'Tracing context propagation', 'Dependency pinning',
];

export const PATTERN_CONTEXTS: readonly string[] = [
  'services', 'web apps', 'workers', 'mobile clients', 'data pipelines', 'public APIs', 'batch jobs', 'SDKs',
];

export const NPM_PACKAGES: readonly string[] = [
  'express', 'zod', 'pino', 'axios', 'lodash', 'date-fns', 'typeorm', 'react', 'vite', 'jest', 'eslint', 'undici',
];
export const GO_MODULES: readonly string[] = [
  'github.com/stretchr/testify', 'golang.org/x/net', 'google.golang.org/grpc', 'github.com/rs/zerolog',
  'github.com/jackc/pgx/v5', 'go.opentelemetry.io/otel',
];
export const PY_PACKAGES: readonly string[] = ['requests', 'pydantic', 'fastapi', 'sqlalchemy', 'pytest', 'boto3', 'numpy'];

export const AGENT_VENDORS: ReadonlyArray<{ id: string; name: string }> = [
  { id: 'claude', name: 'Claude' },
  { id: 'codex', name: 'Codex' },
  { id: 'copilot', name: 'Copilot' },
  { id: 'devin', name: 'Devin' },
  { id: 'cursor', name: 'Cursor' },
];

/** IANA zones with their standard UTC offset in minutes (DST is ignored when generating times). */
export const TIME_ZONES: ReadonlyArray<{ zone: string; offsetMinutes: number }> = [
  { zone: 'Europe/London', offsetMinutes: 0 },
  { zone: 'Europe/Berlin', offsetMinutes: 60 },
  { zone: 'Europe/Lisbon', offsetMinutes: 0 },
  { zone: 'Europe/Warsaw', offsetMinutes: 60 },
  { zone: 'America/New_York', offsetMinutes: -300 },
  { zone: 'America/Toronto', offsetMinutes: -300 },
  { zone: 'Asia/Kolkata', offsetMinutes: 330 },
];

export const DRIFT_NOTES: readonly string[] = [
  'Re-running the same failing test with small tweaks',
  'Editing files outside the task scope',
  'Cites a retired pattern',
  'Added a dependency without asking',
  'Going in circles on the migration',
];

export const REBRIEF_NOTES: readonly string[] = [
  'Narrowed the task to the handler only',
  'Pointed at the replacement pattern',
  'Asked to stop touching shared config',
  'Split the task in two',
];
