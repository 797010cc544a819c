import { formatDate, formatDateTime, formatDuration, formatNumber, humanizeKey } from '../../lib/format';

export type EventRow = Record<string, unknown>;

export interface EventColumn {
  /** the flattened key, e.g. `deployment.finishedAt` */
  key: string;
  header: string;
}

export interface EventCell {
  text: string;
  /** the raw value when the text is a reformatting of it (e.g. an ISO timestamp) */
  title?: string;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DURATION_KEY = /(seconds|duration)$/i;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested objects one level deep become `parent.child` keys; deeper values stay as they are. */
export function flattenEventRow(row: EventRow): EventRow {
  const flat: EventRow = {};
  for (const [key, value] of Object.entries(row)) {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [childKey, childValue] of Object.entries(value)) {
        flat[`${key}.${childKey}`] = childValue;
      }
    } else {
      flat[key] = value;
    }
  }
  return flat;
}

/** Every key that occurs in the (flattened) rows, in order of first appearance. */
export function eventColumns(rows: readonly EventRow[]): EventColumn[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys].map((key) => ({
    key,
    // durations are shown as "3 h 20 m", so "durationSeconds" reads "Duration"
    header: key
      .split('.')
      .map((part) => humanizeKey(DURATION_KEY.test(part) ? part.replace(/_?seconds$/i, '') || part : part))
      .join(' › '),
  }));
}

/** A cell's display text: timestamps in the org's time zone, durations as "3 h 20 m". */
export function formatEventCell(value: unknown, key: string, timeZone: string): EventCell {
  if (value === null || value === undefined || value === '') return { text: '—' };
  if (typeof value === 'boolean') return { text: value ? 'Yes' : 'No' };
  if (typeof value === 'number') {
    const leaf = key.split('.').pop() ?? key;
    if (DURATION_KEY.test(leaf)) return { text: formatDuration(value), title: `${value} s` };
    return { text: formatNumber(value, 2) };
  }
  if (typeof value === 'string') {
    if (ISO_DATE_TIME.test(value)) return { text: formatDateTime(value, timeZone), title: value };
    if (ISO_DATE.test(value)) return { text: formatDate(value), title: value };
    return { text: value };
  }
  if (Array.isArray(value)) {
    return { text: value.map((item) => formatEventCell(item, key, timeZone).text).join(', ') || '—' };
  }
  if (isPlainObject(value)) {
    const text = Object.entries(value)
      .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
      .join(', ');
    return { text: text || '—' };
  }
  return { text: String(value) };
}

/** A cell as CSV text: raw values (ISO timestamps, seconds), objects as JSON. */
export function eventCellCsv(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
