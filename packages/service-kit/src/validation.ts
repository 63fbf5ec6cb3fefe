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

/**
 * Text PostgreSQL cannot store: NUL, refused in text and jsonb alike, and a lone UTF-16 surrogate,
 * which JSON.stringify writes as an escape (`\ud800`) that jsonb refuses (an event in the outbox).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Unstorable { field: string; message: string }

function unstorableIn(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode: a lone surrogate (\\ud800–\\udfff) is not a character';
  return null;
}

/** Where unstorable text hides in a parsed value, keys included. */
function unstorablePaths(value: unknown, path: string, found: Unstorable[]): void {
  if (typeof value === 'string') {
    const message = unstorableIn(value);
    if (message) found.push({ field: path || '/', message });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorablePaths(item, `${path}/${i}`, found));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const message = unstorableIn(key);
      if (message) found.push({ field: `${path}/${JSON.stringify(key).slice(1, -1)}`, message });
      unstorablePaths(item, `${path}/${key}`, found);
    }
  }
}

/**
 * Bodies are validated strictly (a string where a number belongs is a 400, unknown fields are
 * refused where the schema says so); query strings, params and headers are text on the wire, so
 * they are coerced to the declared types.
 */
export function registerValidation(app: FastifyInstance): void {
  // Refused here, so that no route answers 500 for text the database cannot store.
  app.addHook('preValidation', async (request) => {
    const found: Unstorable[] = [];
    unstorablePaths(request.body, '', found);
    unstorablePaths(request.query, 'querystring', found);
    unstorablePaths(request.params, 'params', found);
    if (found.length > 0) {
      const what = found.every((f) => f.message.includes('NUL')) ? 'a NUL character' : 'text that cannot be stored (NUL or a lone surrogate)';
      throw problems.badRequest(`${found.length} field(s) hold ${what}`, found);
    }
  });
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as object),
  );
}
