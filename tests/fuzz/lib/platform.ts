/** One platform for the matrix and the fuzz: started once, the live merged OpenAPI read from its gateway, the fixtures made. */
import { eventually, startPlatform, type Platform, type Teardown } from '@joo/testing';
import { makeFixtures, type Fixtures } from './fixtures.js';
import { operationsOf, type Operation } from './openapi.js';

// The fuzz sends thousands of requests a minute from one address and one user: the gateway's
// rate limits (a production guard, tested on their own) would answer most of them 429.
const UNLIMITED = { RATE_LIMIT_IP_PER_MINUTE: '10000000', RATE_LIMIT_USER_PER_MINUTE: '10000000' };

export interface FuzzPlatform { platform: Platform; ops: Operation[]; fixtures: Fixtures }

export async function fuzzPlatform(t: Teardown, progress: (step: string) => void = () => {}): Promise<FuzzPlatform> {
  const started = Date.now();
  // Seven services starting at once on a machine shared with other test runs can take a while.
  const platform = await startPlatform(t, { env: { gateway: UNLIMITED }, readyTimeoutMs: 120_000 });
  // The document the gateway merges from the running services, not the committed snapshot: a route
  // added to a service is in it at once.
  // Under load a service may not answer the gateway's docs fetch in time, and the merged document
  // then names it as unavailable and lacks its routes: asked again until every service is in it.
  const document = await eventually(async () => {
    const doc = await (await fetch(`${platform.gatewayUrl}/docs/json`)).json() as { info?: { description?: string } };
    return !/Unavailable now/.test(doc.info?.description ?? '') && doc;
  }, { timeoutMs: 120_000, intervalMs: 1_000, message: 'every service in the merged OpenAPI' });
  progress(`platform ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const fixtures = await makeFixtures(platform.gatewayUrl, platform.admin, (step) => progress(`${step} (${((Date.now() - started) / 1000).toFixed(1)} s)`));
  return { platform, ops: operationsOf(document), fixtures };
}
