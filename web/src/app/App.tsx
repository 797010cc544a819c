import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { authKeys } from '../api/auth.queries';
import { setUnauthorizedHandler } from '../api/http';
import { createQueryClient } from './queryClient';
import { createRouter } from './router';
import { loginPath } from './session';

const queryClient = createQueryClient();
const router = createRouter(queryClient);

// A 401 from any request means the session is gone: forget the user and go to the
// sign-in page, which sends the user back here afterwards.
setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  if (pathname === '/login') return;
  queryClient.removeQueries({ queryKey: authKeys.me() });
  void router.navigate(loginPath({ pathname, search }), { replace: true });
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
