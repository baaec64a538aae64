export { connectNats, natsReady, type NatsConnectOptions } from './connection.js';
export { ensureStream, isNotFound, DEFAULT_DUPLICATE_WINDOW_MS, type StreamSpec, type EnsureStreamOptions } from './streams.js';
export { createPublisher, type Publisher } from './publisher.js';
export { runConsumer, ensureConsumer, type ConsumerSpec, type ConsumerDeps, type EventHandler, type RunningConsumer } from './consumer.js';
export { type DeadLetterEntry, type DeadLetterSink } from './dead-letter.js';
export { DEFAULT_RETRY_POLICY, nakDelay, type RetryPolicy } from './retry-policy.js';
export { requestJson, serveJson } from './request-reply.js';
export { consumerLag } from './lag.js';
export type { NatsConnection } from '@nats-io/nats-core';
