export { connectMongo, mongoReady, isDuplicateKey, backendOf, type MongoConnectOptions } from './connect.js';
export { outboxOnInsert, outboxOnUpdate, toOutboxEntry, OUTBOX_INDEX, type OutboxEntry, type OutboxFields } from './outbox.js';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';
export { createInbox, INBOX_COLLECTION, type Inbox } from './inbox.js';
export { createDeadLetterStore, DEAD_LETTER_COLLECTION, type DeadLetterStore } from './dead-letter-store.js';
export type { Connection } from 'mongoose';
export { createKeyedLock, type KeyedLock } from './keyed-lock.js';
export { addQueryIndexes, type MongoBackend } from './query-indexes.js';
export { countBy } from './count-by.js';
