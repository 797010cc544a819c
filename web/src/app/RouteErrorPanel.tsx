import { isRouteErrorResponse, useRouteError } from 'react-router';

/** A view that crashed or whose code failed to load (e.g. after a deploy). */
export function RouteErrorPanel() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <div className="page">
      <div className="state state--error" role="alert">
        <h1 className="state__title">This view could not be shown</h1>
        <p className="state__body">{message}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </div>
    </div>
  );
}
