export { githubConnector, createGithubConnector, type GithubConnectorOptions, type GithubBatchSizes } from './sync.js';
export { githubWebhookHandler, mapGithubDelivery, verifyGithubSignature } from './webhook.js';
export { githubConfigSchema, type GithubConfig, type GithubCursor, type GithubRepoCursor } from './config.js';
export { GithubClient, type GithubClientOptions } from './client.js';
export { parseRootCause, parseRootCauseValue, parseRootCauseFromTexts } from './root-cause.js';
