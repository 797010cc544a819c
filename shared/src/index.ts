export * from './records.js';
export * from './metrics.js';
export * from './api.js';
