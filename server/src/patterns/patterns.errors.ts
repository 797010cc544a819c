import { DomainError } from '../common/errors.js';

export const patternNotFound = (key: string) => new DomainError('not_found', `unknown pattern '${key.slice(0, 64)}'`, { field: 'key' });
export const patternExists = (key: string) => new DomainError('conflict', `pattern '${key.slice(0, 64)}' already exists`, { field: 'key' });
export const patternAlreadyRetired = (key: string) => new DomainError('conflict', `pattern '${key.slice(0, 64)}' is already retired`, { field: 'key' });
