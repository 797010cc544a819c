import { useId, useState } from 'react';
import { addDays, isIsoDate } from '../lib/dates';
import { formatMonth, formatPeriod } from '../lib/format';
import { presetPeriod, recentMonths, type PeriodPresetId } from './filters';
import { useFilters } from './useFilters';

/**
 * Period presets (last 4 weeks / 3 months / 6 months, a calendar month) or a custom range.
 * The custom "To" date is shown inclusive; the URL's `to` is the day after (exclusive).
 */
export function PeriodPicker() {
  const { filters, preset, today, setFilters } = useFilters();
  const [customChosen, setCustomChosen] = useState(false);
  const selectId = useId();
  const fromId = useId();
  const toId = useId();
  const rangeId = useId();

  const showCustom = customChosen || preset === 'custom';
  const months = recentMonths(today);
  const selectedMonth = preset.startsWith('month:') ? preset.slice('month:'.length) : null;
  if (selectedMonth && !months.includes(selectedMonth)) months.push(selectedMonth);

  const choose = (value: string) => {
    if (value === 'custom') {
      setCustomChosen(true);
      return;
    }
    setCustomChosen(false);
    setFilters(presetPeriod(value as Exclude<PeriodPresetId, 'custom'>, today));
  };

  const setCustom = (from: string, toInclusive: string) => {
    if (isIsoDate(from) && isIsoDate(toInclusive) && from <= toInclusive) {
      setFilters({ from, to: addDays(toInclusive, 1) });
    }
  };

  return (
    <div className="field-group">
      <div className="field">
        <label htmlFor={selectId}>Period</label>
        <select
          id={selectId}
          value={showCustom ? 'custom' : preset}
          onChange={(event) => choose(event.target.value)}
          aria-describedby={rangeId}
        >
          <option value="last-4-weeks">Last 4 weeks</option>
          <option value="last-3-months">Last 3 months</option>
          <option value="last-6-months">Last 6 months</option>
          <optgroup label="Calendar month">
            {months.map((month) => (
              <option key={month} value={`month:${month}`}>
                {formatMonth(`${month}-01`)}
                {month === today.slice(0, 7) ? ' (to date)' : ''}
              </option>
            ))}
          </optgroup>
          <option value="custom">Custom range…</option>
        </select>
      </div>
      {showCustom ? (
        <>
          <div className="field">
            <label htmlFor={fromId}>From</label>
            <input
              id={fromId}
              type="date"
              value={filters.from}
              max={addDays(filters.to, -1)}
              onChange={(event) => setCustom(event.target.value, addDays(filters.to, -1))}
            />
          </div>
          <div className="field">
            <label htmlFor={toId}>To (inclusive)</label>
            <input
              id={toId}
              type="date"
              value={addDays(filters.to, -1)}
              min={filters.from}
              onChange={(event) => setCustom(filters.from, event.target.value)}
            />
          </div>
        </>
      ) : null}
      <p className="field-note" id={rangeId}>
        {formatPeriod(filters.from, filters.to)}
      </p>
    </div>
  );
}
