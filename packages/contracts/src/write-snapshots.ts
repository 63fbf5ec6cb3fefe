/**
 * Brings `schemas/<type>.json` up to date with the catalogue: `pnpm --filter @joo/contracts snapshot`
 * after adding an event type or changing one compatibly. A breaking change is refused: the command
 * lists why, writes nothing and exits 1 (such a change needs a new `.vN` type).
 * An argument names another folder of snapshots (the tests use one).
 */
import { fileURLToPath } from 'node:url';
import { catalogue } from './catalogue.js';
import { updateSnapshots } from './snapshots.js';

const dir = process.argv[2] ?? fileURLToPath(new URL('../schemas/', import.meta.url));
const { written, refused } = updateSnapshots(dir, catalogue.values());
for (const type of written) console.log(`wrote ${type}.json`);
for (const { type, problems } of refused) {
  for (const problem of problems) console.error(`${type}: ${problem}`);
}
if (refused.length > 0) {
  console.error('breaking changes: no snapshot written; publish such a change as a new .vN type');
  process.exitCode = 1;
}
