/**
 * JSON Schema (the subset TypeBox emits into our OpenAPI) → a fast-check arbitrary of values that
 * mostly satisfy it, so that a fuzzed request gets past validation and reaches the use case.
 * Hand-written: the one npm package for this (json-schema-fast-check 0.0.6) is an early, unmaintained
 * release; the subset we need is small (ADR 0025).
 */
import fc from 'fast-check';
import type { JsonSchema } from './openapi.js';

/** Strings that break careless code: NUL, lone surrogates, RTL override, stacked combining marks, zero-width, BOM, emoji, SQL and path tricks. */
export const ODD_STRINGS: readonly string[] = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u202eevil\u202c', 'e\u0301\u0301\u0301\u0301\u0301\u0301', 'Z̸̡̛̖͎̈́a̷̰̍l̶̞̇g̴̣̈o̵̳͝',
  '\u200b\u200d\ufeff', '\ufeffBOM', '👩‍👩‍👧‍👦', 'ﷺ', 'ᚠᛇᚻ', 'אבג', 'اَلْعَرَبِيَّةُ', 'Қазақ тілі ӘҒҚҢӨҰҮҺІ', "' OR 1=1 --", '%00', '../../etc/passwd',
  '${7*7}', '{{7*7}}', '<script>alert(1)</script>', '\\', '"', '\r\n\r\nX-Injected: 1', 'null', 'undefined', 'NaN', '-0', '1e309',
];

export const EDGE_NUMBERS: readonly number[] = [0, -0, -1, 1, 0.5, -2_147_483_649, 2_147_483_648, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, Number.MIN_VALUE];

const ODD_STRING = fc.constantFrom(...ODD_STRINGS);

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? Math.min(schema.maxLength, Math.max(min, 40)) : Math.max(min, 40);
  switch (schema.format) {
    case 'uuid': return fc.uuid();
    case 'date': return fc.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'date-time': return fc.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'email': return fc.emailAddress();
    case 'uri': case 'url': return fc.webUrl();
    default: break;
  }
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= (typeof schema.maxLength === 'number' ? schema.maxLength : Infinity));
    } catch { /* a pattern fast-check cannot read: plain strings */ }
  }
  return fc.oneof({ weight: 4, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }) }, { weight: 1, arbitrary: ODD_STRING });
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : integer ? -1_000 : -1e6;
  const max = typeof schema.maximum === 'number' ? schema.maximum : integer ? 1_000_000 : 1e6;
  const inRange = integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) }) : fc.double({ min, max, noNaN: true });
  return fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(min, max, ...EDGE_NUMBERS) });
}

function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryFor(s, depth + 1)]));
  const optional = Object.keys(properties).filter((k) => !required.has(k));
  return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) }).map((v) => v as Record<string, unknown>)
    .chain((v) => (optional.length === 0 && schema.additionalProperties && typeof schema.additionalProperties === 'object'
      ? fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), arbitraryFor(schema.additionalProperties as JsonSchema, depth + 1), { maxKeys: 3 }).map((extra) => ({ ...extra, ...v }))
      : fc.constant(v)));
}

/** Values for `schema`; a schema with no type (a description only) gets any JSON value. */
export function arbitraryFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) return fc.oneof(...(schema[key] as JsonSchema[]).map((s) => arbitraryFor(s, depth + 1)));
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf as JsonSchema[];
    const merged = parts.reduce<JsonSchema>((acc, s) => ({
      ...acc, ...s,
      properties: { ...(acc.properties as object), ...(s.properties as object) },
      required: [...((acc.required ?? []) as string[]), ...((s.required ?? []) as string[])],
    }), {});
    delete merged.allOf;
    return arbitraryFor(merged, depth);
  }
  const type = Array.isArray(schema.type) ? schema.type : [schema.type];
  const arbitraries = type.map((t): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'string': return stringFor(schema);
      case 'integer': return numberFor(schema, true);
      case 'number': return numberFor(schema, false);
      case 'boolean': return fc.boolean();
      case 'null': return fc.constant(null);
      case 'array': {
        const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
        const maxLength = Math.max(minLength, Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 4, 6));
        return fc.array(arbitraryFor(schema.items as JsonSchema | undefined, depth + 1), { minLength, maxLength });
      }
      case 'object': return objectFor(schema, depth);
      default: return schema.properties ? objectFor(schema, depth) : fc.jsonValue({ maxDepth: 2 });
    }
  });
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}
