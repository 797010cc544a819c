import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useRef } from 'react';
import { Link, Outlet, useLocation, useSearchParams } from 'react-router';
import { settingsQueryOptions } from '../api/settings.queries';
import { LoadingState } from '../components/LoadingState';
import { DRILL_PARAM } from '../features/drilldown/drillParams';
import { FactsRebuildingNotice } from '../features/metrics/FactsRebuildingNotice';
import { AppNav } from './AppNav';
import { FilterBar } from './FilterBar';
import { UserMenu } from './UserMenu';

// The drill-down drawer is its own chunk, loaded the first time a number is opened.
const DrillDownDialog = lazy(() =>
  import('../features/drilldown/DrillDownDialog').then((m) => ({ default: m.DrillDownDialog })),
);

/** The frame every view slots into: header, navigation, global filters, main area. */
export function AppLayout() {
  const { search } = useLocation();
  const [params] = useSearchParams();
  const settings = useQuery(settingsQueryOptions());
  const mainRef = useRef<HTMLElement>(null);

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className="app-header">
        <div className="app-header__bar">
          <Link to={{ pathname: '/', search }} className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Bearing
          </Link>
          {settings.data?.name ? <span className="brand__org">{settings.data.name}</span> : null}
          <AppNav />
          <UserMenu />
        </div>
        <FilterBar />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <FactsRebuildingNotice />
        <Suspense fallback={<LoadingState label="Loading view…" minHeight={240} />}>
          <Outlet />
        </Suspense>
      </main>
      {params.get(DRILL_PARAM) ? (
        <Suspense fallback={null}>
          <DrillDownDialog />
        </Suspense>
      ) : null}
    </>
  );
}
