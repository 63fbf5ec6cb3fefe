/** What a service's config schema reads, from its built `dist/config.js` (ConfigSchema). */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SchemaKeys {
  /** Every variable the schema reads. */
  all: string[];
  /** Variables without which the service refuses to start (required and without a default). */
  required: string[];
  /** Defaults the schema fills in. */
  defaults: Record<string, unknown>;
}

interface ObjectSchema { properties: Record<string, { default?: unknown }>; required?: string[] }

export async function schemaKeys(root: string, service: string): Promise<SchemaKeys> {
  const mod = (await import(pathToFileURL(join(root, 'services', service, 'dist/config.js')).href)) as { ConfigSchema?: ObjectSchema };
  const schema = mod.ConfigSchema;
  if (!schema?.properties) throw new Error(`services/${service}/dist/config.js exports no ConfigSchema (build the service first)`);
  const required = (schema.required ?? []).filter((k) => schema.properties[k]?.default === undefined);
  const defaults = Object.fromEntries(Object.entries(schema.properties).filter(([, p]) => p.default !== undefined).map(([k, p]) => [k, p.default]));
  return { all: Object.keys(schema.properties), required, defaults };
}

const BASE64_32 = '^[A-Za-z0-9+/]{43}=$';

/**
 * Values for the required secrets whose schema says they are 32 random bytes in base64 (keys
 * of HMACs and ciphers), per service: what the test platform must give a service beyond what
 * startPlatform already does. Other required secrets have formats only their service knows; a
 * service that needs one fails to start with a message naming it.
 */
export async function generatedKeys(root: string, names: string[]): Promise<Record<string, Record<string, string>>> {
  const { randomBytes } = await import('node:crypto');
  const out: Record<string, Record<string, string>> = {};
  for (const name of names) {
    const mod = (await import(pathToFileURL(join(root, 'services', name, 'dist/config.js')).href)) as { ConfigSchema?: ObjectSchema & { properties: Record<string, { pattern?: string }> } };
    const schema = mod.ConfigSchema;
    if (!schema) continue;
    for (const key of schema.required ?? []) {
      if (schema.properties[key]?.pattern === BASE64_32) (out[name] ??= {})[key] = randomBytes(32).toString('base64');
    }
  }
  return out;
}
