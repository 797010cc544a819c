import { DomainError, invalidField } from '../common/errors.js';

export const sourceNotFound = (id: string) => new DomainError('not_found', `source '${id.slice(0, 64)}' not found`, { field: 'id' });
export const sourceNameTaken = (name: string) => new DomainError('conflict', `a source named '${name.slice(0, 128)}' already exists`, { field: 'name' });
export const sourceBusy = (id: string) => new DomainError('conflict', `source '${id}' is already syncing; try again when the run ends`, { field: 'id' });
export const webhookOnlySource = (kind: string) =>
  new DomainError('conflict', `${kind} sources receive webhooks only; there is nothing to sync`, { field: 'kind' });
export const noSecretKey = () =>
  invalidField(
    'secrets',
    'cannot store secrets: BEARING_SECRET_KEY is not set (required with DATABASE_URL; 32 bytes as hex or base64, e.g. `openssl rand -base64 32`)',
  );
