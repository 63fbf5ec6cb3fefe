import DataLoader from 'dataloader';
import type { Queryable } from '@joo/db';
import { checkContentAccess, type ContentAccessCheck, type ContentAccessKey } from './content.js';

/** The most checks one query carries; more wait for the next. */
export const MAX_CHECKS_PER_QUERY = 64;

/** The most access queries out at once; the checks asked for meanwhile gather for the next. */
export const MAX_QUERIES_IN_FLIGHT = 2;

export type ContentAccessChecks = (key: ContentAccessKey) => Promise<ContentAccessCheck | null>;

/**
 * Content access checks asked for in the same turn of the event loop go to PostgreSQL as one
 * query. Opening content is the busiest request the apps make, and under load several arrive
 * together: one round trip instead of one each saves a socket write and a read per check in the
 * service (the largest part of a check's cost) and a statement per check in PostgreSQL. The batch
 * is sent at `setImmediate`, after every request that the same poll of the sockets delivered; if
 * MAX_QUERIES_IN_FLIGHT are out already, it waits for one to return and takes along what arrived
 * meanwhile (as a group commit does), so the busier the service, the fuller its queries. A lone
 * check waits for nothing. Nothing is cached or merged: every check runs at its own time for its
 * own user.
 */
export function contentAccessChecks(pool: Queryable): ContentAccessChecks {
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const loader = new DataLoader<ContentAccessKey, ContentAccessCheck | null>(
    async (keys) => {
      inFlight += 1;
      try {
        return await checkContentAccess(pool, keys);
      } finally {
        inFlight -= 1;
        waiting.shift()?.();
      }
    },
    {
      cache: false, maxBatchSize: MAX_CHECKS_PER_QUERY,
      batchScheduleFn: (send) => setImmediate(() => (inFlight < MAX_QUERIES_IN_FLIGHT ? send() : waiting.push(send))),
    },
  );
  return (key) => loader.load(key);
}
