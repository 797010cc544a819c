import type { QueryClient } from '@tanstack/react-query';
import { lazy } from 'react';
import { createBrowserRouter, redirect, type LoaderFunctionArgs } from 'react-router';
import type { MeResponse } from '../api/auth';
import { meQueryOptions } from '../api/auth.queries';
import { isApiError } from '../api/http';
import { LoadingState } from '../components/LoadingState';
import { preloadCharts } from '../features/charts/chartModule';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPanel } from './RouteErrorPanel';
import { landingPath, loginPath } from './session';

// Route-level code splitting: each role view is its own chunk; charts (Recharts) are
// split again inside the views, so neither is in the entry chunk. Views with charts start
// the chart download together with their own.
const DirectorPage = lazy(() => {
  preloadCharts();
  return import('../pages/Director/DirectorPage').then((m) => ({ default: m.DirectorPage }));
});
const PracticeLeadPage = lazy(() => {
  preloadCharts();
  return import('../pages/PracticeLead/PracticeLeadPage').then((m) => ({ default: m.PracticeLeadPage }));
});
const SquadPage = lazy(() => {
  preloadCharts();
  return import('../pages/Squad/SquadPage').then((m) => ({ default: m.SquadPage }));
});
const ReportsPage = lazy(() =>
  import('../pages/Reports/ReportsPage').then((m) => ({ default: m.ReportsPage })),
);
const AdminPage = lazy(() =>
  import('../pages/Admin/AdminPage').then((m) => ({ default: m.AdminPage })),
);

function HydrateFallback() {
  return <LoadingState label="Loading Bearing…" minHeight={240} />;
}

export function createRouter(queryClient: QueryClient) {
  /**
   * Every view needs a signed-in user: `/me` (cached) or a redirect to `/login?next=…`.
   * Other failures (server down) let the frame render, and each panel shows its error.
   */
  async function currentUser({ request }: LoaderFunctionArgs): Promise<MeResponse | null> {
    try {
      return await queryClient.ensureQueryData(meQueryOptions());
    } catch (error) {
      if (isApiError(error) && error.isUnauthorized) {
        const url = new URL(request.url);
        throw redirect(loginPath(url));
      }
      return null;
    }
  }

  return createBrowserRouter([
    {
      path: '/login',
      HydrateFallback,
      lazy: async () => {
        const { LoginPage } = await import('../pages/Login/LoginPage');
        return { Component: LoginPage };
      },
    },
    {
      path: '/',
      Component: AppLayout,
      HydrateFallback,
      loader: currentUser,
      // the user does not change when only the filters (search params) do
      shouldRevalidate: ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
        currentUrl.pathname !== nextUrl.pathname ? defaultShouldRevalidate : false,
      children: [
        {
          // errors inside a view render inside the frame, under the header
          errorElement: <RouteErrorPanel />,
          children: [
            {
              index: true,
              // each role lands on its own view, keeping any filters in the URL
              loader: async (args) => {
                const url = new URL(args.request.url);
                const me = await currentUser(args);
                return redirect(me ? landingPath(me, url.search) : `/director${url.search}`);
              },
            },
            { path: 'director', Component: DirectorPage },
            { path: 'practice', Component: PracticeLeadPage },
            { path: 'squad', Component: SquadPage },
            { path: 'reports', Component: ReportsPage },
            { path: 'admin', Component: AdminPage },
            { path: '*', Component: NotFoundPage },
          ],
        },
      ],
    },
  ]);
}
