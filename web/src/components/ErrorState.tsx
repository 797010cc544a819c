import { isApiError } from '../api/http';

export interface ErrorStateProps {
  error: unknown;
  /** what failed to load, e.g. "deployments" */
  what: string;
  onRetry?: () => void;
  minHeight?: number;
}

/**
 * A failed query: the server's message and a Retry button; a 401 reads "Sign in required"
 * (the app also redirects to the sign-in page), a 403 "Not available to you" (no retry).
 */
export function ErrorState({ error, what, onRetry, minHeight }: ErrorStateProps) {
  const style = minHeight ? { minHeight } : undefined;
  if (isApiError(error) && error.isUnauthorized) {
    return (
      <div className="state state--error" role="alert" style={style}>
        <p className="state__title">Sign in required</p>
        <p className="state__body">You need to be signed in to see {what}.</p>
        {onRetry ? (
          <button type="button" className="button" onClick={onRetry}>
            Retry
          </button>
        ) : null}
      </div>
    );
  }
  if (isApiError(error) && error.isForbidden) {
    return (
      <div className="state state--error" role="alert" style={style}>
        <p className="state__title">Not available to you</p>
        <p className="state__body">
          You may not see {what}: {error.message}. Ask an admin if you need access.
        </p>
      </div>
    );
  }
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <div className="state state--error" role="alert" style={style}>
      <p className="state__title">Could not load {what}</p>
      <p className="state__body">
        {message}
        {isApiError(error) && error.status > 0 ? (
          <span className="state__code"> (HTTP {error.status}, {error.code})</span>
        ) : null}
      </p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
