import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import changeCreated from './schemas/changecreated.json' with { type: 'json' };
import changeMerged from './schemas/changemerged.json' with { type: 'json' };
import changeReviewed from './schemas/changereviewed.json' with { type: 'json' };
import incidentDetected from './schemas/incidentdetected.json' with { type: 'json' };
import incidentReported from './schemas/incidentreported.json' with { type: 'json' };
import incidentResolved from './schemas/incidentresolved.json' with { type: 'json' };
import embeddedLinkEnd from './schemas/links/embeddedlinkend.json' with { type: 'json' };
import embeddedLinkPath from './schemas/links/embeddedlinkpath.json' with { type: 'json' };
import embeddedLinkRelation from './schemas/links/embeddedlinkrelation.json' with { type: 'json' };
import embeddedLinksArray from './schemas/links/embeddedlinksarray.json' with { type: 'json' };
import pipelinerunFinished from './schemas/pipelinerunfinished.json' with { type: 'json' };
import serviceDeployed from './schemas/servicedeployed.json' with { type: 'json' };
import serviceRolledback from './schemas/servicerolledback.json' with { type: 'json' };
import serviceUpgraded from './schemas/serviceupgraded.json' with { type: 'json' };
import taskrunFinished from './schemas/taskrunfinished.json' with { type: 'json' };

/**
 * The official CDEvents 0.5.1 JSON schemas (draft 2020-12) of the event types Bearing maps,
 * copied unchanged into ./schemas (Apache-2.0, see schemas/NOTICE.md). Imported as JSON modules
 * so `tsc` copies them into dist; compiled once, when this module is loaded at startup.
 */

/** `<subject>.<predicate>` → the 0.5.1 schema of that event */
const SCHEMAS = {
  'change.created': changeCreated,
  'change.merged': changeMerged,
  'change.reviewed': changeReviewed,
  'pipelinerun.finished': pipelinerunFinished,
  'taskrun.finished': taskrunFinished,
  'service.deployed': serviceDeployed,
  'service.upgraded': serviceUpgraded,
  'service.rolledback': serviceRolledback,
  'incident.detected': incidentDetected,
  'incident.reported': incidentReported,
  'incident.resolved': incidentResolved,
} as const;

export type CdeventName = keyof typeof SCHEMAS;

/** The full `context.type` each supported event must carry in CDEvents 0.5.1 (from the schemas' enum). */
export const SUPPORTED_CDEVENT_TYPES: readonly string[] = Object.values(SCHEMAS).map((s) => s.properties.context.properties.type.enum[0]);

// ajv and ajv-formats are CommonJS: under Node's ESM the default import is `module.exports`
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
for (const link of [embeddedLinkEnd, embeddedLinkPath, embeddedLinkRelation, embeddedLinksArray]) ajv.addSchema(link);
const VALIDATORS = new Map<string, ValidateFunction>(Object.entries(SCHEMAS).map(([name, schema]) => [name, ajv.compile(schema)]));

const TYPE = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** The supported event a `context.type` names (whatever its version: the schema checks that), or null. */
export function supportedCdevent(type: string): CdeventName | null {
  const m = TYPE.exec(type);
  const name = m ? `${m[1]}.${m[2]}` : '';
  return Object.hasOwn(SCHEMAS, name) ? (name as CdeventName) : null;
}

export interface SchemaViolation {
  /** dotted JSON path in the event, e.g. `subject.content.environment.id`, `context.links[0]` */
  field: string;
  message: string;
}

/** Validates a CDEvent against the 0.5.1 schema of its type; the first violation, or null. */
export function cdeventSchemaViolation(name: CdeventName, event: unknown): SchemaViolation | null {
  const validate = VALIDATORS.get(name)!;
  if (validate(event)) return null;
  return describe(validate.errors ?? []);
}

function describe(errors: ErrorObject[]): SchemaViolation {
  // anyOf/oneOf report their branches' errors first, then themselves: name the alternative as a whole
  const combinator = errors.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (combinator) {
    if (combinator.instancePath === '/customData') return { field: 'customData', message: 'must be an object or a base64 string' };
    const first = describe(errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf'));
    return { field: dotted(combinator.instancePath), message: `matches none of the allowed shapes (first mismatch: ${first.field} ${first.message})` };
  }
  const e = errors[0];
  if (!e) return { field: 'body', message: 'does not match the CDEvents 0.5.1 schema' };
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { field: dotted(e.instancePath, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { field: dotted(e.instancePath, String(params.additionalProperty)), message: 'is not a field of this CDEvent (CDEvents 0.5.1 schema)' };
    case 'enum':
      return { field: dotted(e.instancePath), message: `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'format':
      return { field: dotted(e.instancePath), message: `must be a valid ${String(params.format)}${params.format === 'date-time' ? ' (RFC 3339, e.g. 2026-03-01T10:00:00Z)' : ''}` };
    default:
      return { field: dotted(e.instancePath), message: e.message ?? 'does not match the CDEvents 0.5.1 schema' };
  }
}

/** `/context/links/0/linkType` → `context.links[0].linkType` (JSON-pointer escapes decoded). */
function dotted(pointer: string, last?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (last !== undefined) parts.push(last);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  return out || 'body';
}
