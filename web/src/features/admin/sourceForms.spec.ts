import type { SourceKindName, SourceView } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
// the server's own connector config schemas: what the form sends must pass them as is
import { cdeventsConfigSchema } from '../../../../server/src/connectors/cdevents/config';
import { gitConfigSchema } from '../../../../server/src/connectors/git/config';
import { githubConfigSchema } from '../../../../server/src/connectors/github/config';
import { pagerdutyConfigSchema } from '../../../../server/src/connectors/pagerduty/config';
import { emptySourceForm, isCron, parseMapping, sourceFieldFrom, sourceToForm, toSourceInput, type SourceForm } from './sourceForms';

const SCHEMAS = { git: gitConfigSchema, github: githubConfigSchema, pagerduty: pagerdutyConfigSchema, cdevents: cdeventsConfigSchema } as const;

const view = (kind: SourceKindName, config: Record<string, unknown>, secretsSet: string[] = []): SourceView => ({
  id: 'src-1',
  kind,
  name: `Acme ${kind}`,
  config,
  secretsSet,
  cron: '*/15 * * * *',
  enabled: true,
  status: 'ok',
  lastRunAt: '2026-11-20T10:00:00Z',
  lastSuccessAt: '2026-11-20T10:00:00Z',
  nextRunAt: '2026-11-20T10:15:00Z',
  lastError: null,
  consecutiveFailures: 0,
  webhookPath: kind === 'git' ? null : `/api/v1/webhooks/${kind}?source=src-1`,
  createdAt: '2026-11-01T09:00:00Z',
});

const form = (kind: SourceKindName, config: Record<string, string | boolean>, rest: Partial<SourceForm> = {}): SourceForm => {
  const empty = emptySourceForm(kind);
  return { ...empty, name: 'Acme', ...rest, config: { ...empty.config, ...config } };
};

/** the body's config, after checking it passes the server's schema unchanged in shape */
function serverAccepts(f: SourceForm): Record<string, unknown> {
  const result = toSourceInput(f, null);
  if (!result.ok) throw new Error(`form refused: ${JSON.stringify(result.errors)}`);
  const parsed = SCHEMAS[f.kind].safeParse(result.body.config);
  if (!parsed.success) throw new Error(`server refuses: ${JSON.stringify(parsed.error.issues)}`);
  return result.body.config!;
}

describe('source forms', () => {
  it('builds a git source in the connector’s shape: url, repo, branch, patterns, tagDeploys {pattern, service, environment}', () => {
    const config = serverAccepts(
      form('git', {
        url: '/srv/git/mono.git',
        repo: 'acme/mono',
        branch: 'trunk',
        patternsPath: 'docs/patterns',
        'tagDeploys.pattern': '^v\\d+',
        'tagDeploys.service': 'mono-api',
        codeOwners: false,
      }),
    );
    expect(config).toEqual({
      url: '/srv/git/mono.git',
      repo: 'acme/mono',
      branch: 'trunk',
      patternsPath: 'docs/patterns',
      tagDeploys: { pattern: '^v\\d+', service: 'mono-api' },
      codeOwners: false,
      blobless: true,
    });
    // a bare URL is enough; blank fields are left to the server's defaults
    expect(serverAccepts(form('git', { url: 'https://github.com/acme/api.git' }))).toEqual({ url: 'https://github.com/acme/api.git', codeOwners: true, blobless: true });
  });

  it('names every bad git field; tag deploys need both a pattern and a service', () => {
    const bad = toSourceInput(form('git', { url: 'ftp://x', patternsPath: '../x', 'tagDeploys.pattern': '(' }), null);
    expect(bad).toEqual({
      ok: false,
      errors: {
        url: expect.stringMatching(/must be a git URL/),
        patternsPath: expect.stringMatching(/\.\./),
        'tagDeploys.pattern': 'is not a valid regular expression',
        'tagDeploys.service': 'is required with the other tagDeploys fields',
      },
    });
    expect(toSourceInput(form('git', { url: '' }), null)).toEqual({ ok: false, errors: { url: 'is required' } });
  });

  it('builds a GitHub source: repositories, org, services map, nested deployments, numbers and booleans', () => {
    const config = serverAccepts(
      form('github', {
        repositories: 'acme/a\nacme/b\n\nacme/a',
        org: 'acme',
        services: 'acme/a = payments-api',
        incidentLabels: 'incident, outage',
        'deployments.releases': true,
        'deployments.workflowPattern': '^deploy',
        'deployments.environments': 'prod, staging',
        backfillDays: '30',
        actions: false,
      }),
    );
    expect(config).toEqual({
      repositories: ['acme/a', 'acme/b'],
      org: 'acme',
      services: { 'acme/a': 'payments-api' },
      incidentLabels: ['incident', 'outage'],
      includeArchived: false,
      deployments: { api: true, releases: true, includePrereleases: false, workflowPattern: '^deploy', environments: ['prod', 'staging'] },
      actions: false,
      backfillDays: 30,
    });
    // the server fills in what was left blank
    expect(githubConfigSchema.parse(config)).toMatchObject({ baseUrl: 'https://api.github.com', severityLabelPrefix: 'severity:', deployments: { releaseEnvironment: 'production' } });
  });

  it('names every bad GitHub field, and asks for repositories or an org as the server does', () => {
    const bad = toSourceInput(form('github', { baseUrl: 'ftp://x', repositories: 'not-a-repo', backfillDays: '0', 'deployments.workflowPattern': '(' }, { name: '', cron: 'every 5 min' }), null);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['backfillDays', 'baseUrl', 'cron', 'deployments.workflowPattern', 'name', 'repositories']);
    expect(toSourceInput(form('github', {}), null)).toEqual({ ok: false, errors: { repositories: 'name at least one repository or an org' } });
    expect(githubConfigSchema.safeParse({}).success).toBe(false);
  });

  it('round-trips a stored GitHub source, keeps a stored secret (not sent), and sends "" to clear one', () => {
    const stored = view('github', githubConfigSchema.parse({ repositories: ['acme/payments-api'], services: { 'acme/payments-api': 'payments' }, deployments: { releases: true } }), ['token']);
    const f = sourceToForm(stored);
    expect(f.config.repositories).toBe('acme/payments-api');
    expect(f.config.services).toBe('acme/payments-api = payments');
    expect(f.config['deployments.releases']).toBe(true);
    const kept = toSourceInput(f, stored);
    expect(kept.ok && kept.body.secrets).toBeUndefined();
    // what goes back parses to the same stored config
    expect(kept.ok && githubConfigSchema.parse(kept.body.config)).toEqual(stored.config);
    const cleared = toSourceInput({ ...f, clearSecrets: ['token'] }, stored);
    expect(cleared.ok && cleared.body.secrets).toEqual({ token: '' });
    const newHook = toSourceInput({ ...f, secrets: { webhookSecret: 's3cret' } }, stored);
    expect(newHook.ok && newHook.body.secrets).toEqual({ webhookSecret: 's3cret' });
  });

  it('builds a PagerDuty source: services by id and name, id filters, numbers; needs a token', () => {
    const config = serverAccepts(
      form('pagerduty', { services: 'PABC1 = payments-api', servicesByName: 'Ledger service = ledger', teamIds: 'PTEAM1, PTEAM2', overlapHours: '24', fetchNotes: false }, { secrets: { token: 't' } }),
    );
    expect(config).toEqual({ services: { PABC1: 'payments-api' }, servicesByName: { 'Ledger service': 'ledger' }, teamIds: ['PTEAM1', 'PTEAM2'], overlapHours: 24, fetchNotes: false });
    const bad = toSourceInput(form('pagerduty', { services: 'x', serviceIds: 'lower-case', defaultRepo: 'nope' }), null);
    expect(bad).toEqual({
      ok: false,
      errors: {
        services: 'line 1 must read "key = value"',
        serviceIds: expect.stringMatching(/PagerDuty id/),
        defaultRepo: 'must be owner/name',
        secrets: 'API token required',
      },
    });
    expect(parseMapping('PABC1 = payments-api\n\nPDEF2=ledger')).toEqual({ ok: true, mapping: { PABC1: 'payments-api', PDEF2: 'ledger' } });
    expect(parseMapping('PABC1 = payments-api\njust-a-key')).toEqual({ ok: false, line: 2 });
  });

  it('builds a CDEvents source: repo and branch, no secrets and no schedule', () => {
    const result = toSourceInput(form('cdevents', { repo: 'acme/api' }, { cron: 'ignored' }), null);
    expect(result).toEqual({ ok: true, body: { kind: 'cdevents', name: 'Acme', enabled: true, config: { repo: 'acme/api' } } });
    expect(serverAccepts(form('cdevents', { branch: 'trunk' }))).toEqual({ branch: 'trunk' });
  });

  it('maps the server’s 400 field paths onto the form’s inputs', () => {
    expect(isCron('*/15 * * * *')).toBe(true);
    expect(isCron('0 3 * * MON-FRI')).toBe(true);
    expect(isCron('* * *')).toBe(false);
    expect(sourceFieldFrom('config.repositories.0', 'github')).toBe('repositories');
    expect(sourceFieldFrom('config.services.acme/x', 'github')).toBe('services');
    expect(sourceFieldFrom('config.deployments.workflowPattern', 'github')).toBe('deployments.workflowPattern');
    expect(sourceFieldFrom('config.tagDeploys.service', 'git')).toBe('tagDeploys.service');
    expect(sourceFieldFrom('config.tagDeploys', 'git')).toBe('tagDeploys.pattern');
    expect(sourceFieldFrom('secrets.token', 'git')).toBe('secrets');
    expect(sourceFieldFrom('cron', 'git')).toBe('cron');
    expect(sourceFieldFrom('config.unknown', 'git')).toBeNull();
    expect(sourceFieldFrom('config', 'git')).toBeNull();
  });
});
