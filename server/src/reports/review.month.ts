/** Calendar-month arithmetic on `YYYY-MM` strings (no clock, no time zone database). */

export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(year).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}`;
}

/** The first local day of a month, YYYY-MM-DD. */
export const monthStartDate = (month: string): string => `${month}-01`;

/** The month (YYYY-MM) of an instant in a time zone. */
export function monthIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}`;
}

/** The last complete month before `instant`, in the org's time zone: what the schedule reviews. */
export function previousMonth(instant: Date, timeZone: string): string {
  return addMonths(monthIn(instant, timeZone), -1);
}

/** "October 2026" */
export function monthTitle(month: string): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}
