import type { ReactNode } from 'react';

export interface NotAvailableYetProps {
  /** what is missing, e.g. "Drift metrics" */
  what: string;
  /** what arrives with it and how to get it */
  children?: ReactNode;
  minHeight?: number;
}

/**
 * A panel whose API this server does not have yet (the route answers 404, or the metric is
 * "not computed yet"): says so plainly, with no numbers and no Retry. Other panels are unaffected.
 */
export function NotAvailableYet({ what, children, minHeight }: NotAvailableYetProps) {
  return (
    <div className="state state--empty" data-state="unavailable" style={minHeight ? { minHeight } : undefined}>
      <p className="state__title">{what}: not available yet on this server</p>
      {children ? <div className="state__body">{children}</div> : null}
    </div>
  );
}
