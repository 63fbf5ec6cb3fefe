/**
 * What counts as a compatible change of a published event's data (docs/ARCHITECTURE.md §3.7): consumers
 * built against the old schema must still read every new event. So an object may only gain
 * optional properties; everything it had keeps its exact schema, and what was required stays
 * required (and nothing else becomes required). Anything else needs a new `.vN` type.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function canonical(value: Json | undefined): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** Lists why `next` would break consumers of `previous`; empty when the change is compatible. */
export function breakingChanges(previous: Json, next: Json, path = ''): string[] {
  if (!isObject(previous) || !isObject(next) || previous.type !== 'object' || next.type !== 'object') {
    return canonical(previous) === canonical(next) ? [] : [`${path || '(root)'}: schema changed`];
  }
  const problems: string[] = [];
  const { properties: oldProps = {}, required: oldRequired = [], ...oldRest } = previous;
  const { properties: newProps = {}, required: newRequired = [], ...newRest } = next;
  if (canonical(oldRest) !== canonical(newRest)) problems.push(`${path || '(root)'}: object options changed`);
  const wasRequired = new Set(oldRequired as string[]);
  const isRequired = new Set(newRequired as string[]);
  for (const name of wasRequired) if (!isRequired.has(name)) problems.push(`${path}/${name}: no longer required`);
  for (const name of isRequired) if (!wasRequired.has(name)) problems.push(`${path}/${name}: newly required`);
  const before = oldProps as SchemaObject;
  const after = newProps as SchemaObject;
  for (const name of Object.keys(before)) {
    if (!(name in after)) problems.push(`${path}/${name}: removed`);
    else problems.push(...breakingChanges(before[name]!, after[name]!, `${path}/${name}`));
  }
  return problems;
}

/** The schema as committed in `schemas/<type>.json`: plain JSON, TypeBox's symbols dropped. */
export function snapshotOf(schema: unknown): Json {
  return JSON.parse(JSON.stringify(schema)) as Json;
}
