/** Time helpers for the demo generator. All times are epoch milliseconds (UTC). */
import type { Rng } from './random.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

const WORK_START_HOUR = 9;
const WORK_END_HOUR = 18;

/** ISO 8601 (UTC, `Z`), truncated to whole seconds. Lexicographic order = time order. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** `end` minus whole calendar months (UTC). */
export function monthsBefore(end: number, months: number): number {
  const d = new Date(end);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime();
}

export function utcMidnight(ms: number): number {
  return ms - (((ms % DAY) + DAY) % DAY);
}

/** 0 = Sunday … 6 = Saturday, in the zone with the given offset. */
export function localWeekday(ms: number, offsetMinutes = 0): number {
  return new Date(ms + offsetMinutes * MINUTE).getUTCDay();
}

export function isWeekend(ms: number, offsetMinutes = 0): boolean {
  const day = localWeekday(ms, offsetMinutes);
  return day === 0 || day === 6;
}

/** Monday–Friday, 09:00–18:00 local time. */
export function isWorkingTime(ms: number, offsetMinutes = 0): boolean {
  if (isWeekend(ms, offsetMinutes)) return false;
  const local = new Date(ms + offsetMinutes * MINUTE);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  return hour >= WORK_START_HOUR && hour < WORK_END_HOUR;
}

/** The next 09:00 local on a working day strictly after `ms` (or `ms` itself when inside hours). */
export function nextWorkingStart(ms: number, offsetMinutes = 0): number {
  if (isWorkingTime(ms, offsetMinutes)) return ms;
  const offset = offsetMinutes * MINUTE;
  let localDay = utcMidnight(ms + offset);
  const localHour = (ms + offset - localDay) / HOUR;
  if (localHour >= WORK_START_HOUR) localDay += DAY;
  while (isWeekend(localDay + 12 * HOUR)) localDay += DAY;
  return localDay + WORK_START_HOUR * HOUR - offset;
}

/** The last working moment (18:00 local on a working day) at or before `ms`. */
export function previousWorkingEnd(ms: number, offsetMinutes = 0): number {
  if (isWorkingTime(ms, offsetMinutes)) return ms;
  const offset = offsetMinutes * MINUTE;
  let localDay = utcMidnight(ms + offset);
  const localHour = (ms + offset - localDay) / HOUR;
  if (localHour < WORK_END_HOUR) localDay -= DAY;
  while (isWeekend(localDay + 12 * HOUR)) localDay -= DAY;
  return localDay + WORK_END_HOUR * HOUR - offset;
}

/**
 * Moves a human's time into working hours unless they happen to work late this time
 * (probability `outOfHours`): forward to the next morning, with a little jitter.
 */
export function snapForward(ms: number, offsetMinutes: number, outOfHours: number, rng: Rng): number {
  if (isWorkingTime(ms, offsetMinutes) || rng.chance(outOfHours)) return ms;
  return nextWorkingStart(ms, offsetMinutes) + rng.int(0, 90) * MINUTE;
}

/** Like `snapForward` but backwards, to the end of the previous working day. */
export function snapBackward(ms: number, offsetMinutes: number, outOfHours: number, rng: Rng): number {
  if (isWorkingTime(ms, offsetMinutes) || rng.chance(outOfHours)) return ms;
  return previousWorkingEnd(ms, offsetMinutes) - rng.int(1, 90) * MINUTE;
}

/** A time on the local working day that starts at UTC midnight `day`, peaking early afternoon. */
export function workingTimeOn(day: number, offsetMinutes: number, rng: Rng): number {
  const hour = Math.min(17.9, Math.max(9, rng.normal(13, 2.2)));
  return day + hour * HOUR - offsetMinutes * MINUTE;
}
