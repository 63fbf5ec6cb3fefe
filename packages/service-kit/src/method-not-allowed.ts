import FindMyWay from 'find-my-way';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problems.js';

/**
 * The methods each path answers, kept in a router of its own (the one Fastify uses, so a URL
 * matches here exactly when it would there), filled as routes are added.
 */
export function routeMethods(): { add(method: string | string[], url: string): void; allowed(path: string): string[] } {
  const router = FindMyWay();
  const methods = new Set<string>();
  const add = (method: string, url: string) => {
    methods.add(method);
    if (!router.hasRoute(method as never, url)) router.on(method as never, url, () => {});
  };
  return {
    add(method, url) {
      for (const m of Array.isArray(method) ? method : [method]) {
        add(m, url);
        // Fastify answers HEAD wherever it answers GET.
        if (m === 'GET') add('HEAD', url);
      }
    },
    allowed: (path) => [...methods].filter((m) => router.find(m as never, path) !== null).sort(),
  };
}

/**
 * A known path called with a method it does not answer gets 405 with `Allow` (RFC 9110 §15.5.6),
 * not Fastify's 404: the client learns its method, not its path, is wrong.
 */
export function registerMethodNotAllowed(app: FastifyInstance): void {
  const routes = routeMethods();
  // A catch-all (CORS preflight's `OPTIONS *`) says nothing about which paths exist.
  app.addHook('onRoute', (route) => {
    if (route.url !== '*' && route.url !== '/*') routes.add(route.method, route.url);
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) {
      done();
      return;
    }
    const path = request.url.split('?', 1)[0]!;
    const allowed = routes.allowed(path);
    if (allowed.length === 0) {
      done();
      return;
    }
    done(new ProblemError(405, 'method-not-allowed', 'Method not allowed',
      `${path} answers ${allowed.join(', ')}, not ${request.method}`, { allow: allowed }, { allow: allowed.join(', ') }));
  });
}
