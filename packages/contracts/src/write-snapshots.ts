/**
 * Writes `schemas/<type>.json` for every event type in the catalogue that has none yet.
 * Run after adding an event type: `pnpm --filter @joo/contracts snapshot`. Existing snapshots are
 * never rewritten: a published type's schema changes only compatibly (the test checks it).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { catalogue } from './catalogue.js';
import { snapshotOf } from './compatibility.js';

const dir = new URL('../schemas/', import.meta.url);
for (const [type, def] of catalogue) {
  const file = new URL(`${type}.json`, dir);
  if (existsSync(file)) continue;
  writeFileSync(file, `${JSON.stringify(snapshotOf(def.schema), null, 2)}\n`);
  console.log(`wrote schemas/${type}.json`);
}
