import { eventually, startPlatform, type Teardown } from '@joo/testing';

interface MergedDocument {
  'x-unavailable'?: Array<{ service: string; reason: string }>;
  [key: string]: unknown;
}

/**
 * The gateway's merged document of a platform started for the purpose (every service of
 * deploy/services.json, as `pnpm start` runs them), once every service has answered: a service
 * missing from it would read as removing all its operations.
 */
export async function liveApiDocument(t: Teardown): Promise<MergedDocument> {
  // No caching: a service slow to answer the first time is asked again on the next try.
  const platform = await startPlatform(t, { env: { gateway: { DOCS_CACHE_SECONDS: '0' } } });
  return eventually(async () => {
    const res = await fetch(`${platform.gatewayUrl}/docs/json`);
    if (res.status !== 200) throw new Error(`/docs/json answered ${res.status}`);
    const document = (await res.json()) as MergedDocument;
    const unavailable = document['x-unavailable'] ?? [];
    if (unavailable.length > 0) throw new Error(`not merged: ${unavailable.map((u) => `${u.service} (${u.reason})`).join(', ')}`);
    return document;
  });
}
