import type { SourceView } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { emptySourceForm, isCron, parseServiceMapping, sourceFieldFrom, sourceToForm, toSourceInput } from './sourceForms';

const github: SourceView = {
  id: 'src-1',
  kind: 'github',
  name: 'Acme GitHub',
  config: { baseUrl: 'https://github.acme.example/api/v3', repositories: ['acme/payments-api', 'acme/ledger'] },
  secretsSet: ['token'],
  cron: '*/15 * * * *',
  enabled: true,
  status: 'ok',
  lastRunAt: '2026-11-20T10:00:00Z',
  lastSuccessAt: '2026-11-20T10:00:00Z',
  nextRunAt: '2026-11-20T10:15:00Z',
  lastError: null,
  consecutiveFailures: 0,
  webhookPath: '/api/v1/webhooks/github?source=src-1',
  createdAt: '2026-11-01T09:00:00Z',
};

describe('source forms', () => {
  it('builds a GitHub source with its repositories and token', () => {
    const form = { ...emptySourceForm('github'), name: ' Acme ', repositories: 'acme/a\nacme/b\n\nacme/a', secrets: { token: 'ghp_x' } };
    expect(toSourceInput(form, null)).toEqual({
      ok: true,
      body: {
        kind: 'github',
        name: 'Acme',
        cron: '*/15 * * * *',
        enabled: true,
        config: { baseUrl: 'https://api.github.com', repositories: ['acme/a', 'acme/b'] },
        secrets: { token: 'ghp_x' },
      },
    });
  });

  it('names every bad field of a new source', () => {
    const form = { ...emptySourceForm('github'), name: '', cron: 'every 5 min', baseUrl: 'ftp://x', repositories: 'not-a-repo' };
    const result = toSourceInput(form, null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['baseUrl', 'cron', 'name', 'repositories', 'secrets']);
  });

  it('keeps a stored secret on edit (not sent), and sends "" to clear one', () => {
    const form = sourceToForm(github);
    expect(form.repositories).toBe('acme/payments-api\nacme/ledger');
    const kept = toSourceInput(form, github);
    expect(kept.ok).toBe(true);
    expect(kept.ok ? kept.body.secrets : 'failed').toBeUndefined();
    // clearing the only token fails: GitHub needs one
    const cleared = toSourceInput({ ...form, clearSecrets: ['token'] }, github);
    expect(cleared).toEqual({ ok: false, errors: { secrets: 'API token required' } });
    const newHook = toSourceInput({ ...form, secrets: { webhookSecret: 's3cret' } }, github);
    expect(newHook.ok && newHook.body.secrets).toEqual({ webhookSecret: 's3cret' });
  });

  it('validates a git source: path, patterns folder and tag regex', () => {
    const bad = toSourceInput({ ...emptySourceForm('git'), name: 'mono', url: '', patternsPath: '../x', tagPattern: '(' }, null);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['patternsPath', 'tagPattern', 'url']);
    const good = toSourceInput({ ...emptySourceForm('git'), name: 'mono', url: '/srv/git/mono.git', patternsPath: '/docs/patterns/', tagPattern: '^v\\d+' }, null);
    expect(good.ok && good.body.config).toEqual({ url: '/srv/git/mono.git', patternsPath: 'docs/patterns', tagPattern: '^v\\d+' });
  });

  it('parses the PagerDuty service mapping and names a bad line', () => {
    expect(parseServiceMapping('PABC1 = payments-api\n\nPDEF2=ledger')).toEqual({ ok: true, mapping: { PABC1: 'payments-api', PDEF2: 'ledger' } });
    expect(parseServiceMapping('PABC1 = payments-api\njust-a-key')).toEqual({ ok: false, line: 2 });
    const result = toSourceInput({ ...emptySourceForm('pagerduty'), name: 'PD', serviceMapping: 'x', secrets: { token: 't' } }, null);
    expect(result.ok ? null : result.errors.serviceMapping).toMatch(/^line 1/);
  });

  it('requires a receiver token for CDEvents and sends no config', () => {
    expect(toSourceInput({ ...emptySourceForm('cdevents'), name: 'Jenkins' }, null)).toEqual({ ok: false, errors: { secrets: 'Receiver token required' } });
    const ok = toSourceInput({ ...emptySourceForm('cdevents'), name: 'Jenkins', secrets: { webhookToken: 'tok' } }, null);
    expect(ok.ok && ok.body.config).toEqual({});
  });

  it('checks cron and maps server field paths', () => {
    expect(isCron('*/15 * * * *')).toBe(true);
    expect(isCron('0 3 * * MON-FRI')).toBe(true);
    expect(isCron('* * *')).toBe(false);
    expect(sourceFieldFrom('config.repositories.0')).toBe('repositories');
    expect(sourceFieldFrom('secrets.token')).toBe('secrets');
    expect(sourceFieldFrom('config.unknown')).toBeNull();
  });
});
