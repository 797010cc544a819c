import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { logout } from '../api/auth';
import { meQueryOptions } from '../api/auth.queries';
import { roleLabel } from './session';

/** Who is signed in, with which roles, and a sign-out button. */
export function UserMenu() {
  const me = useQuery(meQueryOptions());
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const [failed, setFailed] = useState(false);

  if (!me.data) return null;
  const name = me.data.user?.name ?? me.data.token?.name ?? 'Signed in';
  const roles = me.data.roles.map(roleLabel).join(', ');

  const signOut = async () => {
    setSigningOut(true);
    setFailed(false);
    try {
      await logout();
      // leave the views first (unmounting their queries), then forget this user's data
      await navigate('/login', { replace: true });
      queryClient.clear();
    } catch {
      setFailed(true);
      setSigningOut(false);
    }
  };

  return (
    <div className="user-menu">
      <span className="user-menu__who">
        <span className="user-menu__name">{name}</span>
        {roles ? <span className="user-menu__roles">{roles}</span> : null}
      </span>
      {me.data.authMethod === 'session' ? (
        <button
          type="button"
          className="button button--on-dark"
          onClick={() => void signOut()}
          disabled={signingOut}
        >
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      ) : null}
      {failed ? (
        <span role="alert" className="user-menu__error">
          Could not sign out; try again.
        </span>
      ) : null}
    </div>
  );
}
