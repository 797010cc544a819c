import { WebhookPayloadError } from '../connector.js';
import { UNKNOWN_SHA, mapCdevent, pullRequestRef } from './cdevents.mapper.js';

const ctx = (type: string, extra: Record<string, unknown> = {}) => ({ specversion: '0.5.1', id: 'e1', source: '/ci', type, timestamp: '2026-03-01T10:00:00Z', ...extra });
const config = { repo: 'acme/api', branch: 'main' };
const change = (predicate: string, subjectId: string, customData?: Record<string, unknown>, content: Record<string, unknown> = {}) => ({
  context: ctx(`dev.cdevents.change.${predicate}.0.3.0`),
  subject: { id: subjectId, content },
  ...(customData ? { customData } : {}),
});

describe('CDEvents mapper', () => {
  it('maps a finished pipeline run with customData commit and branch; outcome error → failure', () => {
    const d = mapCdevent(
      { context: ctx('dev.cdevents.pipelinerun.finished.0.3.0'), subject: { id: 'run-9', content: { pipelineName: 'build', outcome: 'error' } }, customData: { sha: 'abc1234', branch: 'feat/x' } },
      config,
    );
    expect(d).toEqual({
      deliveryId: 'dev.cdevents.pipelinerun.finished.0.3.0|/ci|e1',
      event: 'pipelinerun.finished',
      records: [{ type: 'ci_run', repo: 'acme/api', id: 'pipelinerun:run-9', workflow: 'build', job: null, branch: 'feat/x', sha: 'abc1234', pr: null, status: 'failure', startedAt: '2026-03-01T10:00:00Z', finishedAt: '2026-03-01T10:00:00Z' }],
    });
  });

  it('unwraps a structured CloudEvent and marks rollbacks', () => {
    const d = mapCdevent(
      { specversion: '1.0', id: 'x', type: 'dev.cdevents.service.rolledback.0.3.0', data: { context: ctx('dev.cdevents.service.rolledback.0.3.0'), subject: { id: 'payments', content: { environment: { id: 'prod' } } } } },
      config,
    );
    expect(d.records).toEqual([expect.objectContaining({ type: 'deployment', service: 'payments', environment: 'prod', rollback: true, sha: null, repo: 'acme/api' })]);
  });

  it('without a repository anywhere, pipeline runs name config.repo; unknown commits use the placeholder', () => {
    expect(() => mapCdevent({ context: ctx('dev.cdevents.taskrun.finished.0.3.0'), subject: { id: 't', content: { outcome: 'success' } } }, { branch: 'main' })).toThrow(
      expect.objectContaining({ field: 'config.repo', unprocessable: true }),
    );
    const d = mapCdevent({ context: ctx('dev.cdevents.taskrun.finished.0.3.0'), subject: { id: 't', content: { taskName: 'lint', outcome: 'success' } } }, config);
    expect(d.records[0]).toMatchObject({ sha: UNKNOWN_SHA, job: 'lint' });
    // taskrun.finished's outcome is a free string in the schema: the mapper checks it
    expect(() => mapCdevent({ context: ctx('dev.cdevents.taskrun.finished.0.3.0'), subject: { id: 't', content: { outcome: 'meh' } } }, config)).toThrow(
      expect.objectContaining({ field: 'subject.content.outcome' }),
    );
  });

  it('checks what the schema does not: a timestamp the canonical contract accepts; unsupported types never map', () => {
    // the schema's date-time accepts a space separator; a canonical record does not
    expect(() => mapCdevent({ context: ctx('dev.cdevents.service.deployed.0.3.0', { timestamp: '2026-03-01 10:00:00Z' }), subject: { id: 's', content: { environment: { id: 'prod' } } } }, config)).toThrow(
      expect.objectContaining({ field: 'context.timestamp', unprocessable: true }),
    );
    for (const type of ['dev.cdevents.change.abandoned.0.3.0', 'dev.cdevents.build.finished.0.3.0', 'com.example.thing']) {
      expect(() => mapCdevent({ context: ctx(type), subject: { id: 'c', content: {} } }, config)).toThrow(expect.objectContaining({ field: 'context.type', unprocessable: true }));
    }
    expect(() => mapCdevent([], config)).toThrow(WebhookPayloadError);
  });

  describe('changes', () => {
    it('finds the pull request number (and the repository when named) in subject.id', () => {
      expect(pullRequestRef('42')).toEqual({ number: 42, repo: null });
      expect(pullRequestRef('https://github.com/acme/api/pull/12')).toEqual({ number: 12, repo: 'acme/api' });
      expect(pullRequestRef('https://github.example.com/acme/api/pull/12/files?w=1')).toEqual({ number: 12, repo: 'acme/api' });
      expect(pullRequestRef('https://gitlab.com/acme/platform/api/-/merge_requests/7')).toEqual({ number: 7, repo: 'acme/platform/api' });
      expect(pullRequestRef('https://bitbucket.org/acme/api/pull-requests/3')).toEqual({ number: 3, repo: 'acme/api' });
      expect(pullRequestRef('acme/api#5')).toEqual({ number: 5, repo: 'acme/api' });
      for (const id of ['mySubject123', 'I8473b95934b5732ac55d26311a706c9c2bde9940', '#5', 'https://github.com/acme/api/issues/5', '12a']) expect(pullRequestRef(id)).toBeNull();
    });

    it('change.created → an opened pull_request with customData fields; what the event lacks is a placeholder, listed', () => {
      const d = mapCdevent(
        change('created', 'https://github.com/acme/web/pull/12', { author: 'ana-gh', headBranch: 'feat/cart', labels: ['agent'] }, { description: 'Fix cart totals\n\nRounding was off.', repository: { id: 'acme/api' } }),
        config,
      );
      // content.repository wins over the repository in the URL
      expect(d.records).toEqual([
        {
          type: 'pull_request',
          repo: 'acme/api',
          number: 12,
          title: 'Fix cart totals',
          body: 'Fix cart totals\n\nRounding was off.',
          author: 'ana-gh',
          createdAt: '2026-03-01T10:00:00Z',
          mergedAt: null,
          closedAt: null,
          baseBranch: 'main',
          headBranch: 'feat/cart',
          mergeSha: null,
          labels: ['agent'],
        },
      ]);
      expect(d.placeholders).toEqual({ 0: ['mergedAt', 'closedAt', 'baseBranch', 'mergeSha'] });
    });

    it('change.merged → the pull_request merged and closed at the event time; its opening time is a placeholder', () => {
      const d = mapCdevent(change('merged', 'acme/web#9', { sha: 'abcdef1' }), config);
      expect(d.records).toEqual([
        expect.objectContaining({ repo: 'acme/web', number: 9, mergedAt: '2026-03-01T10:00:00Z', closedAt: '2026-03-01T10:00:00Z', createdAt: '2026-03-01T10:00:00Z', mergeSha: 'abcdef1', author: 'unknown' }),
      ]);
      expect(d.placeholders).toEqual({ 0: ['title', 'body', 'author', 'createdAt', 'baseBranch', 'headBranch', 'labels'] });
      // with customData.createdAt the opening time is known
      const known = mapCdevent(change('merged', '9', { createdAt: '2026-02-27T08:00:00Z', baseBranch: 'release' }), config);
      expect(known.records[0]).toMatchObject({ repo: 'acme/api', createdAt: '2026-02-27T08:00:00Z', baseBranch: 'release' });
      expect(known.placeholders![0]).not.toContain('createdAt');
    });

    it('change.reviewed → a review, one per delivery; state from customData (default commented)', () => {
      const d = mapCdevent(change('reviewed', '31', { reviewer: 'ben', state: 'APPROVED' }, { repository: { id: 'acme/api' } }), config);
      expect(d.records).toEqual([{ type: 'review', repo: 'acme/api', number: 31, id: 'cdevents:/ci:e1', reviewer: 'ben', state: 'approved', submittedAt: '2026-03-01T10:00:00Z' }]);
      expect(d.placeholders).toBeUndefined();
      expect(mapCdevent(change('reviewed', '31'), config).records[0]).toMatchObject({ reviewer: 'unknown', state: 'commented' });
      expect(() => mapCdevent(change('reviewed', '31', { state: 'lgtm' }), config)).toThrow(expect.objectContaining({ field: 'customData.state' }));
    });

    it('never invents a number: no PR in subject.id nor customData.number → 422 subject.id; a bad customData field is named', () => {
      expect(() => mapCdevent(change('created', 'mySubject123'), config)).toThrow(expect.objectContaining({ field: 'subject.id', unprocessable: true }));
      expect(mapCdevent(change('created', 'mySubject123', { number: 7 }), config).records[0]).toMatchObject({ number: 7, title: 'mySubject123' });
      expect(mapCdevent(change('created', 'mySubject123', { number: '8' }), config).records[0]).toMatchObject({ number: 8 });
      const cases: [Record<string, unknown>, string][] = [
        [{ number: 0 }, 'customData.number'],
        [{ number: 1.5 }, 'customData.number'],
        [{ number: 2_147_483_648 }, 'customData.number'],
        [{ number: 3, author: 42 }, 'customData.author'],
        [{ number: 3, headBranch: 'x'.repeat(513) }, 'customData.headBranch'],
        [{ number: 3, labels: 'bug' }, 'customData.labels'],
      ];
      for (const [custom, field] of cases) expect(() => mapCdevent(change('created', 'c', custom), config)).toThrow(expect.objectContaining({ field }));
      expect(() => mapCdevent(change('created', '99999999999'), config)).toThrow(expect.objectContaining({ field: 'subject.id' }));
      // no repository in the event nor in the source's config
      expect(() => mapCdevent(change('merged', '4'), { branch: 'main' })).toThrow(expect.objectContaining({ field: 'subject.content.repository' }));
    });
  });
});
