import { batchedLookups, type Queryable } from '@joo/db';
import { checkContentAccess, type ContentAccessCheck, type ContentAccessKey } from './content.js';

export type ContentAccessChecks = (key: ContentAccessKey) => Promise<ContentAccessCheck | null>;

/**
 * Content access checks asked for in the same turn of the event loop go to PostgreSQL as one
 * query (`batchedLookups` of @joo/db): opening content is the busiest request the apps make, and
 * under load several arrive together. Nothing is cached: every check runs at its own time for its
 * own user.
 */
export function contentAccessChecks(pool: Queryable): ContentAccessChecks {
  return batchedLookups((keys: readonly ContentAccessKey[]) => checkContentAccess(pool, keys));
}
