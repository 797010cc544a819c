import { useId, type ReactNode } from 'react';

export interface PlaceholderPanelProps {
  title: string;
  children: ReactNode;
}

/** An honest "not built yet" panel for a view that arrives with a later issue. */
export function PlaceholderPanel({ title, children }: PlaceholderPanelProps) {
  const titleId = useId();
  return (
    <section className="panel panel--placeholder" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </section>
  );
}
