import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Upstream } from '../config.js';
import { mergedDocs } from '../docs/source.js';
import type { OpenApiDocument } from '../docs/merge.js';

export interface DocsOptions {
  upstreams: Upstream[];
  cacheMs: number;
}

/**
 * `/docs`: Swagger UI over the merged document; `/docs/json` (and `/docs/yaml`) serve the merge.
 * swagger-ui's transform is synchronous, so the document is fetched in a preHandler first.
 */
export async function registerDocs(app: FastifyInstance, options: DocsOptions): Promise<void> {
  const documentFor = new WeakMap<FastifyRequest, OpenApiDocument>();
  const merged = mergedDocs(options.upstreams, options.cacheMs);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true, persistAuthorization: false },
    uiHooks: {
      preHandler: async (request: FastifyRequest) => {
        const route = request.routeOptions.url ?? '';
        if (route.endsWith('/json') || route.endsWith('/yaml')) documentFor.set(request, await merged());
      },
    },
    // The API's own CSP (`default-src 'none'`) would stop the page: it gets swagger-ui's, less
    // the https upgrade a laptop's http://localhost cannot follow.
    staticCSP: true,
    transformStaticCSP: (header: string) => header.replace(/\s*upgrade-insecure-requests;/, ''),
    transformSpecificationClone: false,
    transformSpecification: (_own, request) => documentFor.get(request) ?? {},
  });
}
