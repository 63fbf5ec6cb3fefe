/**
 * What counts as a breaking change of the public API (docs/ARCHITECTURE.md §4.6): a client built
 * against the committed document must keep working. So every operation stays, under the same
 * operationId; every parameter, request body, response and component schema stays; a field keeps
 * its type and constraints; what a response promised it keeps promising (required stays
 * required) and what a request did not need it still does not need (nothing newly required).
 * Additions pass: new operations, responses, optional fields, descriptions.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Who reads a schema: a request's is written by clients, a response's is read by them. */
type Direction = 'request' | 'response' | 'both';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Words about a schema; changing them changes no client. */
const PROSE = ['description', 'title', 'summary', 'examples', 'example'];
const COMBINATIONS = ['anyOf', 'oneOf', 'allOf'];

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const objectAt = (value: Json | undefined): JsonObject => (isObject(value) ? value : {});
const listAt = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);

function canonical(value: Json | undefined): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

function without(value: JsonObject, keys: string[]): JsonObject {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function requiredChanges(previous: JsonObject, next: JsonObject, at: string, direction: Direction): string[] {
  const was = new Set(listAt(previous.required) as string[]);
  const is = new Set(listAt(next.required) as string[]);
  const problems: string[] = [];
  if (direction !== 'request') for (const name of was) if (!is.has(name)) problems.push(`${at}/${name}: no longer required`);
  if (direction !== 'response') for (const name of is) if (!was.has(name)) problems.push(`${at}/${name}: newly required`);
  return problems;
}

/** Lists why `next` breaks a client of `previous`, one schema; empty when compatible. */
export function schemaChanges(previous: Json | undefined, next: Json | undefined, at: string, direction: Direction): string[] {
  if (!isObject(previous) || !isObject(next)) return canonical(previous) === canonical(next) ? [] : [`${at}: changed`];
  const structural = ['properties', 'required', 'items', ...COMBINATIONS, ...PROSE];
  const problems: string[] = [];
  if (canonical(without(previous, structural)) !== canonical(without(next, structural))) problems.push(`${at}: type or constraints changed`);
  const before = objectAt(previous.properties);
  const after = objectAt(next.properties);
  for (const name of Object.keys(before)) {
    if (!(name in after)) problems.push(`${at}/${name}: removed`);
    else problems.push(...schemaChanges(before[name], after[name], `${at}/${name}`, direction));
  }
  problems.push(...requiredChanges(previous, next, at, direction));
  if (previous.items !== undefined || next.items !== undefined) problems.push(...schemaChanges(previous.items, next.items, `${at}[]`, direction));
  for (const key of COMBINATIONS) {
    const [was, is] = [listAt(previous[key]), listAt(next[key])];
    if (was.length !== is.length) problems.push(`${at}: ${key} changed`);
    else was.forEach((member, i) => problems.push(...schemaChanges(member, is[i], `${at}/${key}/${i}`, direction)));
  }
  return problems;
}

/**
 * Errors were always sent as application/problem+json, though documented under the route's own
 * media type until 2026-12-07: an error response now documented as problem+json is the same
 * wire, so its schema is compared with the old one rather than reported as a removed media type.
 */
const PROBLEM = 'application/problem+json';

function contentChanges(previous: Json | undefined, next: Json | undefined, at: string, direction: Direction, error = false): string[] {
  const [before, after] = [objectAt(previous), objectAt(next)];
  return Object.keys(before).flatMap((type) => {
    const now = type in after ? type : error && PROBLEM in after ? PROBLEM : null;
    return now === null
      ? [`${at}: ${type} removed`]
      : schemaChanges(objectAt(before[type]).schema, objectAt(after[now]).schema, `${at} ${type}`, direction);
  });
}

const parameterKey = (p: Json) => `${String(objectAt(p).in)} ${String(objectAt(p).name)}`;

function parameterChanges(previous: Json[], next: Json[], at: string): string[] {
  const after = new Map(next.map((p) => [parameterKey(p), objectAt(p)]));
  const before = new Set(previous.map(parameterKey));
  const problems: string[] = [];
  for (const p of previous) {
    const key = parameterKey(p);
    const now = after.get(key);
    if (!now) problems.push(`${at}: parameter ${key} removed`);
    else {
      if (now.required === true && objectAt(p).required !== true) problems.push(`${at}: parameter ${key} newly required`);
      problems.push(...schemaChanges(objectAt(p).schema, now.schema, `${at}: parameter ${key}`, 'request'));
    }
  }
  for (const [key, p] of after) if (!before.has(key) && p.required === true) problems.push(`${at}: new required parameter ${key}`);
  return problems;
}

function operationChanges(previous: JsonObject, next: JsonObject, at: string): string[] {
  const problems: string[] = [];
  if (previous.operationId !== undefined && previous.operationId !== next.operationId) {
    problems.push(`${at}: operationId ${String(previous.operationId)} became ${String(next.operationId ?? 'none')}`);
  }
  problems.push(...parameterChanges(listAt(previous.parameters), listAt(next.parameters), at));
  const [bodyBefore, bodyAfter] = [objectAt(previous.requestBody), objectAt(next.requestBody)];
  if (previous.requestBody === undefined && bodyAfter.required === true) problems.push(`${at}: now requires a body`);
  else if (previous.requestBody !== undefined && next.requestBody === undefined) problems.push(`${at}: request body removed`);
  else problems.push(...contentChanges(bodyBefore.content, bodyAfter.content, `${at} body`, 'request'));
  const [responsesBefore, responsesAfter] = [objectAt(previous.responses), objectAt(next.responses)];
  for (const [status, response] of Object.entries(responsesBefore)) {
    if (!(status in responsesAfter)) problems.push(`${at}: response ${status} removed`);
    else problems.push(...contentChanges(objectAt(response).content, objectAt(responsesAfter[status]).content, `${at} ${status}`, 'response', /^[45]/.test(status)));
  }
  return problems;
}

/** Lists why `next` would break clients of `previous`, two OpenAPI documents; empty when compatible. */
export function breakingApiChanges(previous: Json, next: Json): string[] {
  const problems: string[] = [];
  const [pathsBefore, pathsAfter] = [objectAt(objectAt(previous).paths), objectAt(objectAt(next).paths)];
  for (const [path, item] of Object.entries(pathsBefore)) {
    for (const method of METHODS) {
      const operation = objectAt(item)[method];
      if (!isObject(operation)) continue;
      const at = `${method.toUpperCase()} ${path}`;
      const now = objectAt(pathsAfter[path])[method];
      if (!isObject(now)) problems.push(`${at}: operation removed`);
      else problems.push(...operationChanges(operation, now, at));
    }
  }
  const [componentsBefore, componentsAfter] = [objectAt(objectAt(previous).components), objectAt(objectAt(next).components)];
  for (const [section, entries] of Object.entries(componentsBefore)) {
    for (const [name, value] of Object.entries(objectAt(entries))) {
      const now = objectAt(componentsAfter[section])[name];
      const at = `components/${section}/${name}`;
      if (now === undefined) problems.push(`${at}: removed`);
      // A shared schema may be read and written: it may gain optional fields only.
      else if (section === 'schemas') problems.push(...schemaChanges(value, now, at, 'both'));
      else if (canonical(without(objectAt(value), PROSE)) !== canonical(without(objectAt(now), PROSE))) problems.push(`${at}: changed`);
    }
  }
  return problems;
}
