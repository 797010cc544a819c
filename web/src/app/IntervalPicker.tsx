import type { Interval } from '@bearing/shared';
import { useId } from 'react';
import { useFilters } from './useFilters';

export function IntervalPicker() {
  const { filters, setFilters } = useFilters();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Interval</label>
      <select
        id={id}
        value={filters.interval}
        onChange={(event) => setFilters({ interval: event.target.value as Interval })}
      >
        <option value="week">Weekly</option>
        <option value="month">Monthly</option>
      </select>
    </div>
  );
}
