import type { FastifyInstance } from 'fastify';
import type { Upstream } from '../config.js';

const PROBE_TIMEOUT_MS = 1_500;

/** `/health/ready` of the gateway is 200 only when every service's own `/health/ready` is. */
export function addUpstreamReadiness(app: FastifyInstance, upstreams: Upstream[]): void {
  for (const upstream of upstreams) {
    app.addReadinessCheck(upstream.name, async () => {
      const res = await fetch(`${upstream.url}/health/ready`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      await res.body?.cancel();
      if (res.status !== 200) throw new Error(`${upstream.name} /health/ready answered ${res.status}`);
    });
  }
}
