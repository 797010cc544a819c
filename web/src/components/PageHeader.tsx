import type { ReactNode } from 'react';

export interface PageHeaderProps {
  title: string;
  /** what the page is showing, e.g. scope and period */
  context?: ReactNode;
}

export function PageHeader({ title, context }: PageHeaderProps) {
  return (
    <div className="page-header">
      <title>{`${title} · Bearing`}</title>
      <h1>{title}</h1>
      {context ? <p className="page-header__context">{context}</p> : null}
    </div>
  );
}
