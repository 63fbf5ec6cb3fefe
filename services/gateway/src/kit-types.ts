import type { Registry } from 'prom-client';

// service-kit decorates every app with these, but its public types do not carry the declarations
// (health.d.ts and metrics.d.ts are not reachable from its index.d.ts). Identical re-declarations
// merge harmlessly once it exports them.
declare module 'fastify' {
  interface FastifyInstance {
    addReadinessCheck: (name: string, check: () => Promise<unknown>) => void;
    metrics: Registry;
  }
}
