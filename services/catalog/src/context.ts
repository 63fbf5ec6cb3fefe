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

/** This service's side of the outbox: outboxWriter of @joo/bus documents each. */
export const { write, emit, row: eventRow } = outboxWriter(SOURCE);

export { isUniqueViolation } from '@joo/db';
