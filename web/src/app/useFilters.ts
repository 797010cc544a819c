import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { settingsQueryOptions } from '../api/settings.queries';
import { todayInTimeZone } from '../lib/dates';
import { detectPreset, parseFilters, withFilters, type Filters, type PeriodPresetId } from './filters';

export interface FiltersState {
  filters: Filters;
  preset: PeriodPresetId;
  /** today in the org's time zone, YYYY-MM-DD */
  today: string;
  /** the org's IANA time zone (the browser's until the settings have loaded) */
  timeZone: string;
  setFilters: (patch: Partial<Filters>) => void;
  /** the current search string with `patch` applied, for links */
  searchWith: (patch: Partial<Filters>) => string;
}

const browserTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The global period and scope filters, read from and written to the URL. */
export function useFilters(): FiltersState {
  const [params, setParams] = useSearchParams();
  const settings = useQuery(settingsQueryOptions());
  const timeZone = settings.data?.timeZone ?? browserTimeZone;
  const today = todayInTimeZone(timeZone);

  const filters = useMemo(() => parseFilters(params, today), [params, today]);
  const preset = useMemo(() => detectPreset(filters, today), [filters, today]);

  const searchWith = useCallback(
    (patch: Partial<Filters>) => withFilters(params, patch),
    [params],
  );
  const setFilters = useCallback(
    (patch: Partial<Filters>) => setParams(new URLSearchParams(withFilters(params, patch))),
    [params, setParams],
  );

  return { filters, preset, today, timeZone, setFilters, searchWith };
}
