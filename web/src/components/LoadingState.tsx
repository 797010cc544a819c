export interface LoadingStateProps {
  /** what is loading, e.g. "Loading deployments…" */
  label: string;
  /** reserve this much height (px) so the page does not jump when data arrives */
  minHeight?: number;
}

export function LoadingState({ label, minHeight }: LoadingStateProps) {
  return (
    <div className="state state--loading" role="status" style={minHeight ? { minHeight } : undefined}>
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
