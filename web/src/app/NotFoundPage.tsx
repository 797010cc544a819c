import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { search } = useLocation();
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is no view at this address. Go to the{' '}
        <Link to={{ pathname: '/director', search }}>Director view</Link>.
      </p>
    </div>
  );
}
