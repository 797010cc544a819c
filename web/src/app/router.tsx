import { lazy } from 'react';
import { createBrowserRouter, redirect } from 'react-router';
import { preloadDeploymentsChart } from '../features/deployments/chartModule';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPanel } from './RouteErrorPanel';

// Route-level code splitting: each role view is its own chunk; charts (Recharts) are
// split again inside the views, so neither is in the entry chunk. Views with charts start
// the chart download together with their own.
const DirectorPage = lazy(() => {
  preloadDeploymentsChart();
  return import('../pages/Director/DirectorPage').then((m) => ({ default: m.DirectorPage }));
});
const PracticeLeadPage = lazy(() =>
  import('../pages/PracticeLead/PracticeLeadPage').then((m) => ({ default: m.PracticeLeadPage })),
);
const SquadPage = lazy(() => {
  preloadDeploymentsChart();
  return import('../pages/Squad/SquadPage').then((m) => ({ default: m.SquadPage }));
});
const AdminPage = lazy(() =>
  import('../pages/Admin/AdminPage').then((m) => ({ default: m.AdminPage })),
);

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/',
      Component: AppLayout,
      children: [
        {
          // errors inside a view render inside the frame, under the header
          errorElement: <RouteErrorPanel />,
          children: [
            {
              index: true,
              // keep the filters when landing on "/"
              loader: ({ request }) => redirect(`/director${new URL(request.url).search}`),
            },
            { path: 'director', Component: DirectorPage },
            { path: 'practice', Component: PracticeLeadPage },
            { path: 'squad', Component: SquadPage },
            { path: 'admin', Component: AdminPage },
            { path: '*', Component: NotFoundPage },
          ],
        },
      ],
    },
  ]);
}
