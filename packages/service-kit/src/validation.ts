import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { problems } from './problems.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, strict: false, ...options });
  addFormats(ajv);
  // ajv-formats also takes `urn:uuid:…`, which PostgreSQL's uuid type refuses: only the bare form.
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv;
}

// Parsed JSON and query strings only: a proxied body is a stream, not data to walk.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/** Where a NUL character hides in a parsed value: PostgreSQL refuses it in text and jsonb alike. */
function nulPaths(value: unknown, path: string, found: string[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path || '/');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nulPaths(item, `${path}/${i}`, found));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push(`${path}/${key.split('\u0000').join('\\u0000')}`);
      nulPaths(item, `${path}/${key}`, found);
    }
  }
}

/**
 * Bodies are validated strictly (a string where a number belongs is a 400, unknown fields are
 * refused where the schema says so); query strings, params and headers are text on the wire, so
 * they are coerced to the declared types.
 */
export function registerValidation(app: FastifyInstance): void {
  // No text we store may hold NUL; refusing it here keeps every route from answering 500 for it.
  app.addHook('preValidation', async (request) => {
    const found: string[] = [];
    nulPaths(request.body, '', found);
    nulPaths(request.query, 'querystring', found);
    nulPaths(request.params, 'params', found);
    if (found.length > 0) {
      throw problems.badRequest(`${found.length} field(s) hold a NUL character`,
        found.map((field) => ({ field, message: 'must not contain the NUL character (\\u0000)' })));
    }
  });
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as object),
  );
}
