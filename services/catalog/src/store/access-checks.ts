import DataLoader from 'dataloader';
import type { Queryable } from '@joo/db';
import { checkContentAccess, type ContentAccessCheck, type ContentAccessKey } from './content.js';

/** The most checks one query carries; more wait for the next. */
export const MAX_CHECKS_PER_QUERY = 64;

export type ContentAccessChecks = (key: ContentAccessKey) => Promise<ContentAccessCheck | null>;

/**
 * Content access checks asked for in the same turn of the event loop go to PostgreSQL as one
 * query. Opening content is the busiest request the apps make, and under load several arrive
 * together: one round trip instead of one each saves a socket write and a read per check in the
 * service (the largest part of a check's cost) and a statement per check in PostgreSQL. The batch
 * is sent at `setImmediate`, after every request that the same poll of the sockets delivered, so
 * a lone check waits for nothing. Nothing is cached or merged: every check runs at its own time
 * for its own user.
 */
export function contentAccessChecks(pool: Queryable): ContentAccessChecks {
  const loader = new DataLoader<ContentAccessKey, ContentAccessCheck | null>(
    (keys) => checkContentAccess(pool, keys),
    { cache: false, maxBatchSize: MAX_CHECKS_PER_QUERY, batchScheduleFn: (send) => setImmediate(send) },
  );
  return (key) => loader.load(key);
}
