import type { FastifyInstance, RouteOptions } from 'fastify';

/** `billing` → `billing`, `dead-letters` → `deadLetters`: the prefix every operationId of a service starts with. */
export function operationPrefix(service: string): string {
  return service.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

interface DocumentedSchema {
  hide?: boolean;
  operationId?: unknown;
  security?: unknown;
}

const isHead = (method: RouteOptions['method']) => method === 'HEAD';

/**
 * Whether the gateway routes `path` to `service` (docs/ARCHITECTURE.md §4.1): the paths its merged
 * document at `/docs/json` takes from that service; its other paths (health, metrics) stay internal.
 */
export function routedToService(service: string, path: string): boolean {
  return path === `/v1/${service}` || path.startsWith(`/v1/${service}/`) || (service === 'identity' && path === '/.well-known/jwks.json');
}

/**
 * Every route of the service's public API must name its operation and say who may call it,
 * checked as the route is registered, so a route without them fails every test of its service
 * instead of reaching clients as `postV1IdentityLogin` or as accidentally public
 * (docs/CONVENTIONS.md, "Routes"):
 * - `schema.operationId`: `<service><Verb><Noun>` in camelCase (`identityLogin`,
 *   `billingCreateOrder`), written out on the route rather than derived from its path, so it stays
 *   when the path changes; unique within the service, which makes it unique in the merged document;
 * - `schema.security`: `[]` for a public route, else the scheme it takes (`[{ bearer: [] }]`).
 * Other routes (health, metrics, the gateway's own) and hidden ones are not in that document.
 */
export function requireOperationNames(app: FastifyInstance, service: string): void {
  const prefix = operationPrefix(service);
  const pattern = new RegExp(`^${prefix}[A-Z][A-Za-z0-9]*$`);
  const seen = new Map<string, string>();
  app.addHook('onRoute', (route) => {
    const schema = route.schema as DocumentedSchema | undefined;
    // Fastify adds a HEAD route beside each GET with the same options: one operation, one name.
    if (schema?.hide || isHead(route.method) || !routedToService(service, route.url)) return;
    const where = `${String(route.method)} ${route.url}`;
    const id = schema?.operationId;
    if (typeof id !== 'string' || !pattern.test(id)) {
      throw new Error(`${where}: schema.operationId must name the operation as ${prefix}<Verb><Noun> in camelCase (e.g. ${prefix}ListOrders), got ${JSON.stringify(id)}`);
    }
    const taken = seen.get(id);
    if (taken) throw new Error(`${where}: operationId ${id} is already used by ${taken}`);
    seen.set(id, where);
    if (!Array.isArray(schema?.security)) {
      throw new Error(`${where}: schema.security must say who may call it: [] when public, else its scheme (e.g. [{ bearer: [] }])`);
    }
  });
}
