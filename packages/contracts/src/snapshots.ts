import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { breakingChanges, snapshotOf } from './compatibility.js';
import type { EventDefinition } from './envelope.js';

export interface SnapshotUpdate {
  /** Event types whose snapshot was written: new ones, and those changed compatibly. */
  written: string[];
  /** Event types whose schema breaks its snapshot, with why; when there are any, nothing is written. */
  refused: Array<{ type: string; problems: string[] }>;
}

const snapshotText = (def: EventDefinition) => `${JSON.stringify(snapshotOf(def.schema), null, 2)}\n`;

/**
 * Brings `dir/<type>.json` up to date with every event's schema. A compatible change is written
 * too, so that what it added (an optional field) is held to compatibility from then on; a breaking
 * change writes nothing at all, since the committed snapshot is what consumers were built against.
 */
export function updateSnapshots(dir: string, events: Iterable<EventDefinition>): SnapshotUpdate {
  const changed: Array<{ type: string; file: string; text: string }> = [];
  const refused: SnapshotUpdate['refused'] = [];
  for (const def of events) {
    const file = join(dir, `${def.type}.json`);
    const text = snapshotText(def);
    if (existsSync(file)) {
      const committed = readFileSync(file, 'utf8');
      if (committed === text) continue;
      const problems = breakingChanges(JSON.parse(committed), snapshotOf(def.schema));
      if (problems.length > 0) {
        refused.push({ type: def.type, problems });
        continue;
      }
    }
    changed.push({ type: def.type, file, text });
  }
  if (refused.length > 0) return { written: [], refused };
  for (const { file, text } of changed) writeFileSync(file, text);
  return { written: changed.map((c) => c.type), refused };
}
