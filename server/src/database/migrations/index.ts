import { Initial1795426530819 } from './1795426530819-Initial.js';
import { MetricFacts1795428823005 } from './1795428823005-MetricFacts.js';
import { Auth1795429278946 } from './1795429278946-Auth.js';
import { FactsVersion1795431413883 } from './1795431413883-FactsVersion.js';
import { Patterns1795432482331 } from './1795432482331-Patterns.js';
import { Connectors1795435181306 } from './1795435181306-Connectors.js';
import { Reports1795435288668 } from './1795435288668-Reports.js';
import { DriftEpisodes1795435463274 } from './1795435463274-DriftEpisodes.js';
import { FactsPending1795460000000 } from './1795460000000-FactsPending.js';

/** Every migration, in order (listed explicitly: the TypeORM CLI cannot glob .ts in ESM). */
export const MIGRATIONS = [
  Initial1795426530819,
  MetricFacts1795428823005,
  Auth1795429278946,
  FactsVersion1795431413883,
  Patterns1795432482331,
  Connectors1795435181306,
  Reports1795435288668,
  DriftEpisodes1795435463274,
  FactsPending1795460000000,
];
