import { NavLink, useLocation } from 'react-router';

export const NAV_ITEMS = [
  { path: '/director', label: 'Director' },
  { path: '/practice', label: 'Practice Lead' },
  { path: '/squad', label: 'Squad' },
  { path: '/reports', label: 'Reports' },
  { path: '/admin', label: 'Admin' },
] as const;

/** The role views; links keep the current filters (search params). */
export function AppNav() {
  const { search } = useLocation();
  return (
    <nav className="app-nav" aria-label="Views">
      <ul>
        {NAV_ITEMS.map((item) => (
          <li key={item.path}>
            <NavLink
              to={{ pathname: item.path, search }}
              className={({ isActive }) => (isActive ? 'app-nav__link is-active' : 'app-nav__link')}
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
