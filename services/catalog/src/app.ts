import { createServiceApp, outboxContext, type BuiltService, type ServiceAppDeps } from '@joo/service-runtime';
import type { CatalogContext } from './context.js';
import { createPlaybackSigner } from './domain/playback.js';
import { loadSubjects, type SubjectCatalogue } from './domain/subjects.js';
import { catalogMetrics } from './metrics.js';
import { contentRoutes } from './routes/content.js';
import { entitlementRoutes } from './routes/entitlements.js';
import { newsRoutes } from './routes/news.js';
import { productRoutes } from './routes/products.js';
import { subjectRoutes } from './routes/subjects.js';
import type { ContentItem } from './store/content.js';
import { cachedVersionTerms } from './store/products.js';
import { contentAccessChecks } from './store/access-checks.js';
import { RevisionCache } from './store/revision-cache.js';

/** catalog verifies access tokens itself (`auth`: identity's JWKS in production). */
export interface BuildAppDeps extends ServiceAppDeps {
  /** base64 of 32 bytes (PLAYBACK_SIGNING_KEY) */
  playbackSigningKey: string;
  playbackTtlSeconds?: number;
  /** Where clients reach the platform; playback URLs start with it. */
  publicBaseUrl: string;
  clock?: () => Date;
  subjects?: SubjectCatalogue;
}

/** The catalog service as a Fastify app plus the context its event handlers share. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<CatalogContext>> {
  const app = await createServiceApp(deps, {
    name: 'catalog',
    description: 'Products and versions, subjects, content and playback, entitlements, news',
    tags: [
      { name: 'catalog', description: 'Products, subjects, content and its playback, your entitlements, news' },
      { name: 'catalog-admin', description: 'Managing products, content, entitlements and news (admin role)' },
    ],
  });
  const ctx: CatalogContext = {
    ...outboxContext(deps),
    clock: deps.clock ?? (() => new Date()),
    metrics: catalogMetrics(app.metrics),
    playback: createPlaybackSigner(deps.playbackSigningKey, deps.playbackTtlSeconds ?? 300),
    publicBaseUrl: deps.publicBaseUrl,
    subjects: deps.subjects ?? loadSubjects(),
    versionTerms: cachedVersionTerms(),
    contentAccess: contentAccessChecks(deps.pool),
    contentItems: new RevisionCache<ContentItem>(),
  };
  productRoutes(app, ctx);
  subjectRoutes(app, ctx);
  contentRoutes(app, ctx);
  entitlementRoutes(app, ctx);
  newsRoutes(app, ctx);
  return { app, ctx };
}
