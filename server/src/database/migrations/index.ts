import { Initial1795426530819 } from './1795426530819-Initial.js';

/** Every migration, in order (listed explicitly: the TypeORM CLI cannot glob .ts in ESM). */
export const MIGRATIONS = [Initial1795426530819];
