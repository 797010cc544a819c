import { readFileSync } from 'node:fs';
import { SUPPORTED_CDEVENT_TYPES, cdeventSchemaViolation, supportedCdevent } from './cdevents.schemas.js';

const example = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/cdevents/${name}.json`, import.meta.url), 'utf8')) as Record<string, any>;

describe('CDEvents 0.5.1 schemas', () => {
  it('knows the supported types by subject and predicate, whatever the version (the schema checks it)', () => {
    expect(SUPPORTED_CDEVENT_TYPES).toHaveLength(11);
    expect(supportedCdevent('dev.cdevents.change.created.0.4.0')).toBe('change.created');
    expect(supportedCdevent('dev.cdevents.service.deployed.0.2.0')).toBe('service.deployed');
    for (const t of ['dev.cdevents.change.abandoned.0.3.0', 'dev.cdevents.pipelinerun.started.0.3.0', 'dev.cdevents.hasOwnProperty.x.0.1.0', 'com.example.thing', '']) expect(supportedCdevent(t)).toBeNull();
  });

  it('accepts the conformance example of every supported type', () => {
    const names = ['change_created', 'change_merged', 'change_reviewed', 'pipelinerun_finished', 'taskrun_finished', 'service_deployed', 'service_upgraded', 'service_rolledback', 'incident_detected', 'incident_reported', 'incident_resolved'];
    for (const name of names) {
      const e = example(name);
      expect([name, cdeventSchemaViolation(supportedCdevent(e.context.type)!, e)]).toEqual([name, null]);
    }
  });

  it('names the JSON path of the first violation and why', () => {
    const deployed = () => example('service_deployed');
    const cases: [(e: Record<string, any>) => void, string, RegExp][] = [
      [(e) => delete e.subject.id, 'subject.id', /is required/],
      [(e) => delete e.subject.content.environment.id, 'subject.content.environment.id', /is required/],
      [(e) => (e.context.timestamp = 'yesterday'), 'context.timestamp', /date-time/],
      [(e) => (e.context.type = 'dev.cdevents.service.deployed.0.2.0'), 'context.type', /one of: dev\.cdevents\.service\.deployed\.0\.3\.0/],
      [(e) => (e.context.source = 'not a uri reference'), 'context.source', /uri-reference/],
      [(e) => (e.subject.content.color = 'blue'), 'subject.content.color', /not a field/],
      [(e) => (e.customData = 42), 'customData', /object or a base64 string/],
      [(e) => (e.context.links = [{ linkType: 'SIDEWAYS' }]), 'context.links[0]', /none of the allowed shapes/],
    ];
    for (const [mutate, field, message] of cases) {
      const e = deployed();
      mutate(e);
      const v = cdeventSchemaViolation('service.deployed', e);
      expect([field, v?.field]).toEqual([field, field]);
      expect(v!.message).toMatch(message);
    }
    const run = example('pipelinerun_finished');
    run.subject.content.outcome = 'meh';
    expect(cdeventSchemaViolation('pipelinerun.finished', run)).toEqual({ field: 'subject.content.outcome', message: 'must be one of: success, failure, cancel, error' });
  });
});
