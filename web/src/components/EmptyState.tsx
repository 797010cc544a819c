import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  minHeight?: number;
}

export function EmptyState({ title, children, minHeight }: EmptyStateProps) {
  return (
    <div className="state state--empty" style={minHeight ? { minHeight } : undefined}>
      <p className="state__title">{title}</p>
      {children ? <div className="state__body">{children}</div> : null}
    </div>
  );
}
