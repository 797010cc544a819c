import { WebhookPayloadError } from '../connector.js';
import { UNKNOWN_SHA, mapCdevent } from './cdevents.mapper.js';

const ctx = (type: string, extra: Record<string, unknown> = {}) => ({ specversion: '0.5.1', id: 'e1', source: '/ci', type, timestamp: '2026-03-01T10:00:00Z', ...extra });
const config = { repo: 'acme/api', branch: 'main' };

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
      expect.objectContaining({ field: 'config.repo' }),
    );
    const d = mapCdevent({ context: ctx('dev.cdevents.taskrun.finished.0.3.0'), subject: { id: 't', content: { taskName: 'lint', outcome: 'success' } } }, config);
    expect(d.records[0]).toMatchObject({ sha: UNKNOWN_SHA, job: 'lint' });
  });

  it('ignores other CDEvents and non-CDEvents types; rejects a malformed dev.cdevents type', () => {
    expect(mapCdevent({ context: ctx('dev.cdevents.change.merged.0.3.0'), subject: { id: 'c' } }, config).records).toEqual([]);
    expect(mapCdevent({ context: ctx('com.example.thing'), subject: { id: 'c' } }, config).records).toEqual([]);
    expect(() => mapCdevent({ context: ctx('dev.cdevents.nonsense'), subject: { id: 'c' } }, config)).toThrow(WebhookPayloadError);
    expect(() => mapCdevent([], config)).toThrow(expect.objectContaining({ field: 'body' }));
    expect(() => mapCdevent({ context: ctx('dev.cdevents.service.deployed.0.3.0') }, config)).toThrow(expect.objectContaining({ field: 'subject' }));
  });
});
