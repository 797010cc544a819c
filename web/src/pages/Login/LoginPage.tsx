import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { login } from '../../api/auth';
import { meQueryOptions } from '../../api/auth.queries';
import { isApiError } from '../../api/http';
import { landingPath, safeNextPath } from '../../app/session';

/** The message for a failed sign-in: wrong credentials, rate limit, or the server's own. */
export function signInErrorMessage(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 401) return 'The email or password is not right. Check both and try again.';
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return wait
        ? `Too many sign-in attempts. Wait ${Math.ceil(wait)} seconds, then try again.`
        : 'Too many sign-in attempts. Wait a minute, then try again.';
    }
    return error.message;
  }
  return 'Could not sign in. Check your connection and try again.';
}

/**
 * `/login`: email and password; on success the user goes back to the page they asked for
 * (`?next=`, same-origin paths only) or to their role's view.
 */
export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // only what is cached: probing /me here would log a 401 in the console for every visitor
  const me = useQuery({ ...meQueryOptions(), enabled: false });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  const next = safeNextPath(params.get('next'));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    if (!email.trim() || !password) {
      setError('Enter your email and your password.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      await login({ email: email.trim(), password });
      // another user may have been signed in: drop everything cached for them
      queryClient.clear();
      const user = await queryClient.fetchQuery(meQueryOptions());
      await navigate(next && next !== '/' ? next : landingPath(user), { replace: true });
    } catch (failure) {
      setError(signInErrorMessage(failure));
      setPending(false);
    }
  };

  return (
    <div className="login">
      <title>Sign in · Bearing</title>
      <main className="login__card" aria-labelledby="login-title">
        <p className="login__brand">
          <span className="brand__mark brand__mark--dark" aria-hidden="true" />
          Bearing
        </p>
        <h1 id="login-title">Sign in</h1>
        {me.data ? (
          <div className="login__signed-in" role="status">
            <p>
              You are signed in as <strong>{me.data.user?.name ?? me.data.token?.name}</strong>.
            </p>
            <p>
              <Link to={next ?? landingPath(me.data)}>Continue to Bearing</Link>, or sign in below
              as someone else.
            </p>
          </div>
        ) : next ? (
          <p className="muted">Sign in to open the page you asked for.</p>
        ) : null}
        <form onSubmit={(event) => void submit(event)} noValidate aria-describedby={error ? errorId : undefined}>
          <div className="form-field">
            <label htmlFor={emailId}>Email</label>
            <input
              id={emailId}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="form-field">
            <label htmlFor={passwordId}>Password</label>
            <input
              id={passwordId}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          {error ? (
            <p id={errorId} className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button login__submit" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="login__help muted">
          On a demo server every role has a user, e.g. <code>director@demo.bearing</code>, with
          the password from the server&rsquo;s start-up log (see docs/operations.md).
        </p>
      </main>
    </div>
  );
}
