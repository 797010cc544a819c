import type { ReactNode } from 'react';

export interface AdminFieldProps {
  /** the control's id (the label points at it; the error is `<id>-error`) */
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
}

/** A labelled form control with its hint and, when set, its error message under it. */
export function AdminField({ id, label, error, hint, children }: AdminFieldProps) {
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <p className="field-hint muted" id={`${id}-hint`}>{hint}</p> : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {label}: {error}
        </p>
      ) : null}
    </div>
  );
}

/** aria props for a control inside `AdminField`. */
export function fieldAria(id: string, error: string | undefined, hint = false) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': describedBy || undefined };
}
