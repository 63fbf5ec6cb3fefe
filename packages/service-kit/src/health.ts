import type { FastifyInstance } from 'fastify';

export type ReadinessCheck = () => Promise<unknown>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Adds a dependency (database, NATS, ...) that must answer for /health/ready to be 200. */
    addReadinessCheck: (name: string, check: ReadinessCheck) => void;
  }
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function registerHealth(app: FastifyInstance): void {
  const checks = new Map<string, ReadinessCheck>();
  let closing = false;
  app.decorate('addReadinessCheck', (name: string, check: ReadinessCheck) => void checks.set(name, check));
  // A closing instance reports not-ready so the load balancer stops sending before it is gone.
  app.addHook('preClose', async () => { closing = true; });

  // Probes hit these every few seconds: they would drown the logs.
  app.get('/health/live', { schema: { hide: true }, logLevel: 'silent' }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    const results: Record<string, string> = {};
    await Promise.all([...checks].map(async ([name, check]) => {
      try {
        await withTimeout(check(), CHECK_TIMEOUT_MS);
        results[name] = 'ok';
      } catch (error) {
        request.log.warn({ check: name, err: error }, 'readiness check failed');
        results[name] = 'failing';
      }
    }));
    const ready = !closing && Object.values(results).every((r) => r === 'ok');
    reply.code(ready ? 200 : 503);
    return { status: ready ? 'ready' : closing ? 'closing' : 'not-ready', checks: results };
  });
}
