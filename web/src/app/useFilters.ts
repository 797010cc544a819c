import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { meQueryOptions } from '../api/auth.queries';
import { settingsQueryOptions } from '../api/settings.queries';
import { todayInTimeZone } from '../lib/dates';
import { latestParams } from './latestParams';
import { detectPreset, parseFilters, withFilters, type Filters, type PeriodPresetId } from './filters';
import { defaultScopeFor } from './session';

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
  const me = useQuery(meQueryOptions());
  const timeZone = settings.data?.timeZone ?? browserTimeZone;
  const today = todayInTimeZone(timeZone);
  const defaultScope = defaultScopeFor(me.data);

  const filters = useMemo(
    () => parseFilters(params, today, defaultScope),
    [params, today, defaultScope],
  );
  const preset = useMemo(() => detectPreset(filters, today), [filters, today]);

  const searchWith = useCallback(
    (patch: Partial<Filters>) => withFilters(params, patch),
    [params],
  );
  const setFilters = useCallback(
    (patch: Partial<Filters>) =>
      setParams(() => new URLSearchParams(withFilters(latestParams(), patch))),
    [setParams],
  );

  return { filters, preset, today, timeZone, setFilters, searchWith };
}
