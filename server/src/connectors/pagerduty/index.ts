export { pagerdutyConnector, createPagerdutyConnector } from './sync.js';
export { pagerdutyWebhookHandler, mapPagerdutyEvent, verifyPagerdutySignature } from './webhook.js';
export { pagerdutyConfigSchema, type PagerdutyConfig, type PagerdutyCursor } from './config.js';
export { PagerdutyClient, PagerdutyApiError, type PagerdutyClientOptions } from './client.js';
export { mapIncident } from './mapper.js';
