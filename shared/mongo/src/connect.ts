import mongoose, { type Connection } from 'mongoose';
import { withTimeout } from '@cas/errors';
import type { Logger } from '@cas/logger';
import type { MongoBackend } from './query-indexes.js';

export interface MongoConnectOptions {
  url: string;
  dbName: string;
  logger: Logger;
  serverSelectionTimeoutMs?: number;
}

/**
 * One connection per service to its own database (DESIGN §3). Works against FerretDB 1.x (no
 * transactions, no change streams: we use none) and MongoDB 7. `sanitizeFilter` strips `$` operators
 * from user-supplied filter values, so operator injection is impossible even if a query is sloppy.
 */
export async function connectMongo(opts: MongoConnectOptions): Promise<Connection> {
  const conn = mongoose.createConnection(opts.url, {
    dbName: opts.dbName,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMs ?? 5_000,
    socketTimeoutMS: 30_000,
    maxPoolSize: 20,
    sanitizeFilter: true,
    autoIndex: true,
    retryWrites: false,
  });
  conn.on('disconnected', () => opts.logger.warn('MongoDB disconnected'));
  conn.on('reconnected', () => opts.logger.info('MongoDB reconnected'));
  await conn.asPromise();
  const info = conn.db ? await conn.db.admin().command({ buildInfo: 1 }) : {};
  backends.set(conn, 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb');
  return conn;
}

const backends = new WeakMap<Connection, MongoBackend>();

/** The server behind a connection made by `connectMongo` (asked once with `buildInfo`). */
export function backendOf(conn: Connection): MongoBackend {
  return backends.get(conn) ?? 'mongodb';
}

/** Readiness probe: a round trip to the server within a short deadline. */
export async function mongoReady(conn: Connection, timeoutMs = 1_000): Promise<boolean> {
  const db = conn.db;
  if (!db) return false;
  try {
    await withTimeout(db.command({ ping: 1 }), timeoutMs, 'timeout');
    return true;
  } catch {
    return false;
  }
}

export const isDuplicateKey = (e: unknown): boolean => (e as { code?: number })?.code === 11000;
