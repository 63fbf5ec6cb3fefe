/**
 * Writes docs/events.md from the code: each event's description, subject field, producer and
 * fields from packages/contracts, and its consumers as found in services/<name>/src — an
 * `.on(<Event>, …)` of an event router, or `<Event>.type` in the `types` of a consumer that reads
 * without one (the gateway's in-memory revocation feed).
 *
 *   pnpm events:doc          write it
 *   pnpm events:doc --check  exit 1 when the committed file is out of date
 *
 * tests/docs/events-doc.test.ts fails while docs/events.md differs from what this writes.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as contracts from '../packages/contracts/src/index.js';
import type { EventDefinition } from '../packages/contracts/src/index.js';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DOC = 'docs/events.md';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is SchemaObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The catalogue's events by the name packages/contracts exports them under, as services import them. */
function eventsByExportName(): Map<string, EventDefinition> {
  const byType = new Map([...contracts.catalogue.values()].map((def) => [def.type, def]));
  const names = new Map<string, EventDefinition>();
  for (const [name, value] of Object.entries(contracts)) {
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string' && byType.get(type) === value) names.set(name, byType.get(type)!);
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const ROUTE = /\.on\(\s*([A-Z]\w*)\s*,/g;
const TYPES_LIST = /\btypes:\s*\[([^\]]*)\]/g;
const TYPE_OF = /\b([A-Z]\w*)\.type\b/g;

/** Event type → the services whose source consumes it, sorted. */
export function consumersInCode(root = ROOT): Map<string, string[]> {
  const names = eventsByExportName();
  const consumers = new Map<string, Set<string>>();
  const servicesDir = join(root, 'services');
  for (const service of readdirSync(servicesDir).sort()) {
    for (const file of sourceFiles(join(servicesDir, service, 'src'))) {
      const text = readFileSync(file, 'utf8');
      const found = [...text.matchAll(ROUTE)].map((m) => m[1]!);
      for (const list of text.matchAll(TYPES_LIST)) found.push(...[...list[1]!.matchAll(TYPE_OF)].map((m) => m[1]!));
      for (const name of found) {
        const def = names.get(name);
        if (!def) throw new Error(`${file}: ${name} is not an event of packages/contracts`);
        consumers.set(def.type, (consumers.get(def.type) ?? new Set()).add(service));
      }
    }
  }
  return new Map([...consumers].map(([type, services]) => [type, [...services].sort()]));
}

/** A JSON Schema as a short type for a table cell. */
function typeOf(schema: Json | undefined): string {
  if (!isObject(schema)) return 'unknown';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map(typeOf).join(' | ');
  if (schema.type === 'array') {
    const item = typeOf(schema.items);
    return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
  }
  if (schema.type === 'object' && isObject(schema.properties)) {
    const required = Array.isArray(schema.required) ? schema.required : [];
    return `{ ${Object.keys(schema.properties).map((k) => (required.includes(k) ? k : `${k}?`)).join(', ')} }`;
  }
  if (schema.type === 'object' && isObject(schema.patternProperties)) return `{ [key: string]: ${typeOf(Object.values(schema.patternProperties)[0])} }`;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  const minimum = typeof schema.minimum === 'number' ? ` ≥ ${schema.minimum}` : '';
  return `${String(schema.type)}${format}${minimum}`;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const anchor = (type: string) => type.replaceAll('.', '');
const list = (names: string[]) => (names.length > 0 ? names.join(', ') : 'none yet');

function fieldsTable(schema: Json): string[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  return [
    '| Field | Type | Required | Description |',
    '|---|---|---|---|',
    ...Object.entries(schema.properties).map(([name, property]) => {
      const description = isObject(property) && typeof property.description === 'string' ? property.description : '';
      return `| \`${name}\` | \`${cell(typeOf(property))}\` | ${required.includes(name) ? 'yes' : 'no'} | ${cell(description)} |`;
    }),
  ];
}

function eventSection(def: EventDefinition, consumers: string[]): string[] {
  const schema = contracts.snapshotOf(def.schema);
  return [
    `### ${def.type}`,
    '',
    def.description,
    '',
    `- Producer: ${def.source} (stream \`${contracts.streamOf(def.source).stream}\`)`,
    `- Subject: \`${def.subject}\``,
    `- Consumers: ${list(consumers)}`,
    `- Schema: [packages/contracts/schemas/${def.type}.json](../packages/contracts/schemas/${def.type}.json)`,
    '',
    ...fieldsTable(schema),
    '',
  ];
}

/** The text of docs/events.md for the code under `root`. */
export function eventsDoc(root = ROOT): string {
  const consumers = consumersInCode(root);
  const events = [...contracts.catalogue.values()];
  const producers = [...new Set(events.map((def) => def.source))];
  const lines = [
    '# Events',
    '',
    '<!-- Generated by scripts/events-doc.ts (pnpm events:doc) from packages/contracts and services/*/src: do not edit. -->',
    '',
    'Every event travels in the envelope of `packages/contracts/src/envelope.ts`: `type` is the versioned',
    "name below, `source` its producer, and `subject` the value of the event's subject field, the id",
    'of the aggregate it is about. A producer publishes on its own stream through its outbox. A',
    "consuming service reads it with a durable consumer whose handlers are `on(<Event>, …)` routes of",
    "`@joo/bus`'s event router, which checks the data against the schema below (the gateway, which",
    'has no database, follows the revocations in memory instead). A schema changes only compatibly',
    '(new optional fields); `pnpm --filter @joo/contracts snapshot` records it in packages/contracts/schemas.',
    '',
    '| Event | Producer | Subject | Consumers |',
    '|---|---|---|---|',
    ...events.map((def) => `| [${def.type}](#${anchor(def.type)}) | ${def.source} | \`${def.subject}\` | ${list(consumers.get(def.type) ?? [])} |`),
    '',
  ];
  for (const producer of producers) {
    lines.push(`## ${producer}`, '');
    for (const def of events.filter((e) => e.source === producer)) lines.push(...eventSection(def, consumers.get(def.type) ?? []));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** True when docs/events.md is what eventsDoc writes. */
export function eventsDocIsCurrent(root = ROOT): boolean {
  const file = join(root, DOC);
  return existsSync(file) && readFileSync(file, 'utf8') === eventsDoc(root);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    if (!eventsDocIsCurrent()) {
      console.error(`${DOC} is out of date: run pnpm events:doc and commit it`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(join(ROOT, DOC), eventsDoc());
    console.log(`wrote ${DOC}`);
  }
}
