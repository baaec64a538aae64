export { startPlatform, type Platform, type PlatformConfig, type PlatformOptions } from './platform.js';
export { idempotentHandlers, startConsumers } from './consumers.js';
export { serveHttp } from './serve.js';
export { startOutboxRelay } from './relay.js';
