import { useQuery } from '@tanstack/react-query';
import { Suspense, useRef } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { isApiError } from '../api/http';
import { settingsQueryOptions } from '../api/settings.queries';
import { LoadingState } from '../components/LoadingState';
import { AppNav } from './AppNav';
import { FilterBar } from './FilterBar';

/** The frame every view slots into: header, navigation, global filters, main area. */
export function AppLayout() {
  const { search } = useLocation();
  const settings = useQuery(settingsQueryOptions());
  const mainRef = useRef<HTMLElement>(null);
  const signInRequired = isApiError(settings.error) && settings.error.isUnauthorized;

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
          <Link to={{ pathname: '/director', search }} className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Bearing
          </Link>
          {settings.data?.name ? <span className="brand__org">{settings.data.name}</span> : null}
          <AppNav />
        </div>
        <FilterBar />
      </header>
      {signInRequired ? (
        <div className="banner" role="alert">
          <strong>Sign in required.</strong> The server did not accept this browser&rsquo;s
          session, so no data can be shown.
        </div>
      ) : null}
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <Suspense fallback={<LoadingState label="Loading view…" minHeight={240} />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
