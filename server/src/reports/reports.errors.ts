import { DomainError } from '../common/errors.js';

/** Unknown id, or a review of a scope the caller may not read (not told apart: no existence leak). */
export const reportNotFound = (id: string): DomainError => new DomainError('not_found', `report '${id.slice(0, 64)}' not found`, { field: 'id' });

export const reportNotReady = (status: string): DomainError =>
  new DomainError('conflict', `the report is ${status}: its files are available once it is ready (regenerate it with POST /api/v1/reports)`, { status });
