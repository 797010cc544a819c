import type { MetricTarget } from '@bearing/shared';
import type { TargetSetting } from '../../api/targets';
import type { MetricDef } from '../metrics/metricDefs';

/** How a target is typed in: durations in hours, rates in percent, counts as they are. */
export interface TargetInputUnit {
  label: string;
  step: number;
  toApi: (input: number) => number;
  fromApi: (value: number) => number;
}

export function targetInputUnit(def: Pick<MetricDef, 'valueUnit' | 'eventsNoun'>): TargetInputUnit {
  switch (def.valueUnit) {
    case 'seconds':
      return { label: 'hours', step: 0.5, toApi: (h) => Math.round(h * 3_600), fromApi: (s) => Math.round((s / 3_600) * 100) / 100 };
    case 'ratio':
      return { label: '%', step: 0.5, toApi: (p) => Math.round(p * 100) / 10_000, fromApi: (r) => Math.round(r * 10_000) / 100 };
    case 'count':
      return { label: `${def.eventsNoun} in the period`, step: 1, toApi: (n) => Math.round(n), fromApi: (n) => n };
  }
}

/** The operator that means "good" for a metric: lower-is-better metrics want "<". */
export function defaultOp(def: Pick<MetricDef, 'better'>): MetricTarget['op'] {
  return def.better === 'lower' ? '<=' : '>=';
}

export interface TargetDraft {
  op: MetricTarget['op'];
  /** what the user typed, in the input unit; '' = no target */
  input: string;
}

export function draftFrom(def: MetricDef, current: TargetSetting | undefined): TargetDraft {
  if (!current) return { op: defaultOp(def), input: '' };
  return { op: current.op, input: String(targetInputUnit(def).fromApi(current.value)) };
}

export type TargetChange =
  | { kind: 'put'; op: MetricTarget['op']; value: number }
  | { kind: 'delete' }
  | { kind: 'none' }
  | { kind: 'invalid'; message: string };

/** What saving a draft does: set, remove, nothing, or why it cannot be saved. */
export function targetChange(def: MetricDef, draft: TargetDraft, current: TargetSetting | undefined): TargetChange {
  const text = draft.input.trim();
  if (text === '') return current ? { kind: 'delete' } : { kind: 'none' };
  const input = Number(text.replace(',', '.'));
  if (!Number.isFinite(input) || input < 0) return { kind: 'invalid', message: 'Enter a number of 0 or more.' };
  if (def.valueUnit === 'ratio' && input > 100) return { kind: 'invalid', message: 'Enter a percentage up to 100.' };
  const value = targetInputUnit(def).toApi(input);
  if (current && current.op === draft.op && current.value === value) return { kind: 'none' };
  return { kind: 'put', op: draft.op, value };
}
