import { isDeepStrictEqual } from 'node:util';
import { routedToService } from '@joo/service-kit';

/** The parts of an OpenAPI 3.x document the merge touches; everything else is carried as is. */
export interface OpenApiDocument {
  openapi?: string;
  info?: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string; [k: string]: unknown }>;
  security?: unknown[];
  [k: string]: unknown;
}

export interface ServiceDocument {
  service: string;
  document: OpenApiDocument;
}

export interface Unavailable {
  service: string;
  reason: string;
}

/** Who answers for the API and on what terms: clients and their generators show it. */
const ABOUT = {
  contact: { name: 'joo platform team', url: 'https://joo.kz' },
  // Not open source: using the API is governed by the public offer every user accepts.
  license: { name: 'Proprietary' },
};

/**
 * Where the API is: production first, then this gateway itself (a relative URL, so the document
 * also works against `pnpm start` or a test platform).
 */
const SERVERS = [
  { url: 'https://api.joo.kz', description: 'production' },
  { url: '/', description: 'the gateway serving this document' },
];

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];


const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Deep copy with every `$ref` in `renames` replaced. */
function rewriteRefs<T>(value: T, renames: Map<string, string>): T {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renames)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof inner === 'string' ? (renames.get(inner) ?? inner) : rewriteRefs(inner, renames);
  }
  return out as T;
}

/**
 * A component name keeps its name when every service defining it defines it the same way (the
 * bearer scheme, a shared Problem); otherwise each service's version becomes `<service>.<Name>`
 * and that service's references follow. Deciding per name, over all services, keeps the result
 * the same whichever services happen to be up.
 */
function planRenames(documents: ServiceDocument[]): Map<string, Map<string, string>> {
  const definitions = new Map<string, Array<{ service: string; value: unknown }>>();
  for (const { service, document } of documents) {
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      for (const [name, value] of Object.entries(entries ?? {})) {
        const key = `${section}/${name}`;
        definitions.set(key, [...(definitions.get(key) ?? []), { service, value }]);
      }
    }
  }
  const renames = new Map<string, Map<string, string>>(documents.map((d) => [d.service, new Map()]));
  for (const [key, defs] of definitions) {
    const first = defs[0]!;
    if (defs.every((d) => isDeepStrictEqual(d.value, first.value))) continue;
    const [section, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    for (const { service } of defs) {
      renames.get(service)!.set(
        `#/components/${section}/${escapePointer(name)}`,
        `#/components/${section}/${escapePointer(`${service}.${name}`)}`,
      );
    }
  }
  return renames;
}

export function mergeOpenApi(documents: ServiceDocument[], unavailable: Unavailable[], info: { title: string; version: string }): OpenApiDocument {
  const renames = planRenames(documents);
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, Record<string, unknown>> = {};
  const tags = new Map<string, { name: string; [k: string]: unknown }>();

  for (const { service, document } of documents) {
    const refs = renames.get(service)!;
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      for (const [name, value] of Object.entries(entries ?? {})) {
        const renamed = refs.has(`#/components/${section}/${escapePointer(name)}`) ? `${service}.${name}` : name;
        (components[section] ??= {})[renamed] = rewriteRefs(value, refs);
      }
    }
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (!routedToService(service, path)) continue;
      const copy = rewriteRefs(item, refs);
      // A document-wide `security` would be lost in the merge: it moves onto each operation.
      if (document.security) {
        for (const method of OPERATIONS) {
          const operation = copy[method] as Record<string, unknown> | undefined;
          if (operation && operation.security === undefined) operation.security = document.security;
        }
      }
      paths[path] = copy;
    }
    for (const tag of document.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
  }

  const served = documents.map((d) => d.service);
  const description = [
    `The joo platform API through its gateway: ${served.length > 0 ? served.join(', ') : 'no service'} answered.`,
    ...(unavailable.length > 0 ? [`Unavailable now, so missing here: ${unavailable.map((u) => `${u.service} (${u.reason})`).join(', ')}.`] : []),
  ].join(' ');
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description, ...ABOUT },
    servers: SERVERS,
    paths,
    components,
    ...(tags.size > 0 ? { tags: [...tags.values()] } : {}),
    'x-unavailable': unavailable,
  };
}
