/** The combined state of one or more queries behind a panel. */
export type LoadStatus = 'pending' | 'error' | 'success';
