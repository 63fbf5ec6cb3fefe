import { readdir, readFile } from 'node:fs/promises';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Template } from './domain/templates.js';

const ContentSchema = Type.Object({ subject: Type.Optional(Type.String({ minLength: 1 })), body: Type.String({ minLength: 1 }) }, { additionalProperties: false });
const PerLocale = Type.Object({ kk: Type.Optional(ContentSchema), ru: Type.Optional(ContentSchema) }, { additionalProperties: false });
const TemplateSchema = Type.Object({
  name: Type.String({ pattern: '^[a-z_]+$' }),
  kind: Type.Union([Type.Literal('transactional'), Type.Literal('marketing')]),
  broadcast: Type.Optional(Type.Boolean()),
  required: Type.Optional(Type.Boolean()),
  channels: Type.Object({ email: Type.Optional(PerLocale), sms: Type.Optional(PerLocale), voice: Type.Optional(PerLocale) }, { additionalProperties: false }),
}, { additionalProperties: false });

export type Templates = ReadonlyMap<string, Template>;

const DEFAULT_DIR = new URL('../data/templates/', import.meta.url);

/** Reads data/templates/*.json; a malformed file stops the service at start rather than mid-send. */
export async function loadTemplates(dir: URL = DEFAULT_DIR): Promise<Templates> {
  const templates = new Map<string, Template>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const value: unknown = JSON.parse(await readFile(new URL(file, dir), 'utf8'));
    if (!Value.Check(TemplateSchema, value)) {
      const first = [...Value.Errors(TemplateSchema, value)][0];
      throw new Error(`template ${file}: ${first?.instancePath ?? ''} ${first?.message ?? 'invalid'}`);
    }
    if (`${value.name}.json` !== file) throw new Error(`template ${file}: name ${value.name} does not match the file`);
    for (const [channel, texts] of Object.entries(value.channels)) {
      if (channel === 'email' && Object.values(texts ?? {}).some((c) => !c?.subject)) throw new Error(`template ${file}: an e-mail needs a subject`);
    }
    templates.set(value.name, value as Template);
  }
  return templates;
}

/** Looks a template up; a name in code without its data file is a bug found at the first use. */
export function templateOf(templates: Templates, name: string): Template {
  const template = templates.get(name);
  if (!template) throw new Error(`no template ${name} in data/templates`);
  return template;
}
