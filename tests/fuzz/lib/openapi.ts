/** The operations of the merged OpenAPI document, as the fuzz and the ownership matrix read them. */

export type JsonSchema = Record<string, unknown>;

export interface Parameter { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: JsonSchema }

export interface Operation {
  operationId: string;
  method: string;
  /** The templated path, e.g. `/v1/billing/orders/{id}`. */
  path: string;
  parameters: Parameter[];
  /** The JSON request body's schema, if the operation takes one. */
  body?: JsonSchema;
  /** Which credentials it takes: none (public), a user's bearer token, or a partner's API key. */
  security: Array<'bearer' | 'partnerApiKey'>;
  /** `security: [{}, {bearer: []}]`: a token is optional. */
  anonymousAllowed: boolean;
}

interface Document { paths: Record<string, Record<string, { operationId?: string; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; security?: Array<Record<string, unknown>> }>> }

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

export function operationsOf(document: unknown): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries((document as Document).paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || !op.operationId) continue;
      const security = op.security ?? [];
      const schemes = security.flatMap((s) => Object.keys(s)) as Operation['security'];
      const body = op.requestBody?.content?.['application/json']?.schema;
      found.push({
        operationId: op.operationId, method: method.toUpperCase(), path, parameters: op.parameters ?? [],
        ...(body ? { body } : {}),
        security: [...new Set(schemes)], anonymousAllowed: security.length === 0 || security.some((s) => Object.keys(s).length === 0),
      });
    }
  }
  return found.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

export const pathParams = (op: Operation): string[] => [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/** The path with each `{name}` replaced by `values[name]`, URI-encoded. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

/** Admin routes are role-gated as a class: `/v1/<service>/admin/...`. */
export const isAdminRoute = (op: Operation): boolean => /^\/v1\/[^/]+\/admin\//.test(op.path);
