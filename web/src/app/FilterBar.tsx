import { IntervalPicker } from './IntervalPicker';
import { PeriodPicker } from './PeriodPicker';
import { ScopePicker } from './ScopePicker';

/** The global filters; every change is written to the URL. */
export function FilterBar() {
  return (
    <section className="filter-bar" aria-label="Filters">
      <div className="filter-bar__inner">
        <PeriodPicker />
        <IntervalPicker />
        <ScopePicker />
      </div>
    </section>
  );
}
