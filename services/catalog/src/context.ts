import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { CatalogMetrics } from './metrics.js';
import type { PlaybackSigner } from './domain/playback.js';
import type { SubjectCatalogue } from './domain/subjects.js';
import type { ContentAccessChecks } from './store/access-checks.js';
import type { ContentItem } from './store/content.js';
import type { VersionTerms } from './store/products.js';
import type { RevisionCache } from './store/revision-cache.js';

export const SOURCE = 'catalog';

/** What the use cases need; built once by buildApp. */
export interface CatalogContext extends OutboxContext {
  clock: () => Date;
  metrics: CatalogMetrics;
  playback: PlaybackSigner;
  publicBaseUrl: string;
  subjects: SubjectCatalogue;
  /** The terms of a product version, kept once read (versions never change). */
  versionTerms: VersionTerms;
  /** The content access check; concurrent checks share a query. */
  contentAccess: ContentAccessChecks;
  /** Content items as last read, by revision (the access check tells the current one). */
  contentItems: RevisionCache<ContentItem>;
}

const outbox = outboxWriter(SOURCE);

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export const write = outbox.write;
/**
 * Writes a catalog event to the outbox inside the caller's transaction. Nobody in the service process
 * NOTIFYs (a NOTIFY serialises commits, ADR 0003): use cases wake the relay after `write`'s commit,
 * event handlers through their consumer's afterCommit; `{notify: true}` is for scripts that run no relay.
 */
export const emit = outbox.emit;
/**
 * A catalog event as the outbox row for a statement of `tx` that writes it (outboxInsert of @joo/bus);
 * `tx` is thereby marked as having written events, so `write` wakes the relay after its commit.
 */
export const eventRow = outbox.row;

export { isUniqueViolation } from '@joo/db';
