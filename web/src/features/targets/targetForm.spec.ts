import { describe, expect, it } from '@jest/globals';
import { METRIC_DEFS } from '../metrics/metricDefs';
import { draftFrom, targetChange } from './targetForm';

const lead = METRIC_DEFS.lead_time_for_changes;
const cfr = METRIC_DEFS.change_failure_rate;

describe('target form', () => {
  it('turns hours and percentages into the API units', () => {
    expect(targetChange(lead, { op: '<', input: '48' }, undefined)).toEqual({ kind: 'put', op: '<', value: 172_800 }); // 48 × 3600
    expect(targetChange(cfr, { op: '<=', input: '5' }, undefined)).toEqual({ kind: 'put', op: '<=', value: 0.05 });
  });

  it('shows a stored target in input units and notices when nothing changed', () => {
    const stored = { metric: 'lead_time_for_changes' as const, op: '<' as const, value: 86_400 };
    expect(draftFrom(lead, stored)).toEqual({ op: '<', input: '24' });
    expect(targetChange(lead, { op: '<', input: '24' }, stored)).toEqual({ kind: 'none' });
    expect(targetChange(lead, { op: '<', input: '' }, stored)).toEqual({ kind: 'delete' });
    expect(draftFrom(lead, undefined)).toEqual({ op: '<=', input: '' }); // lower is better
  });

  it('rejects what is not a target', () => {
    expect(targetChange(lead, { op: '<', input: 'soon' }, undefined).kind).toBe('invalid');
    expect(targetChange(cfr, { op: '<', input: '150' }, undefined).kind).toBe('invalid');
  });
});
