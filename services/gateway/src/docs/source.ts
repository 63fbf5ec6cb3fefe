import type { Upstream } from '../config.js';
import { mergeOpenApi, type OpenApiDocument, type ServiceDocument, type Unavailable } from './merge.js';

const FETCH_TIMEOUT_MS = 2_000;

async function fetchDocument(upstream: Upstream): Promise<OpenApiDocument> {
  const res = await fetch(`${upstream.url}/openapi.json`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new Error(`answered ${res.status}`);
  }
  const document = (await res.json()) as unknown;
  if (document === null || typeof document !== 'object' || typeof (document as OpenApiDocument).paths !== 'object') {
    throw new Error('answered something that is not an OpenAPI document');
  }
  return document as OpenApiDocument;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  if (error instanceof Error && error.message.startsWith('answered')) return error.message;
  return 'not reachable';
}

/**
 * The merged document of every upstream, fetched when asked for and reused for `cacheMs`;
 * concurrent callers share one round of fetches. A service that does not answer is left out and
 * listed in `x-unavailable`.
 */
export function mergedDocs(upstreams: Upstream[], cacheMs: number): () => Promise<OpenApiDocument> {
  let cached: { at: number; document: Promise<OpenApiDocument> } | undefined;
  const build = async (): Promise<OpenApiDocument> => {
    const documents: ServiceDocument[] = [];
    const unavailable: Unavailable[] = [];
    await Promise.all(upstreams.map(async (upstream) => {
      try {
        documents.push({ service: upstream.name, document: await fetchDocument(upstream) });
      } catch (error) {
        unavailable.push({ service: upstream.name, reason: reasonOf(error) });
      }
    }));
    const order = (name: string) => upstreams.findIndex((u) => u.name === name);
    documents.sort((a, b) => order(a.service) - order(b.service));
    unavailable.sort((a, b) => order(a.service) - order(b.service));
    return mergeOpenApi(documents, unavailable, { title: 'joo platform', version: '1' });
  };
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at >= cacheMs) cached = { at: now, document: build() };
    return cached.document;
  };
}
