import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { breakingApiChanges } from './compatibility.js';

/** The committed merged document: clients generate their types from it (`packages/client`). */
export const SNAPSHOT_FILE = fileURLToPath(new URL('../../docs/api/openapi.json', import.meta.url));

export const snapshotText = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

export type SnapshotCheck =
  | { state: 'current' }
  /** Only additions since the snapshot: rewriting it is all that is needed. */
  | { state: 'stale' }
  | { state: 'missing' }
  | { state: 'breaking'; problems: string[] };

/** How `document` compares with the snapshot in `file`. */
export function checkApiSnapshot(file: string, document: unknown): SnapshotCheck {
  if (!existsSync(file)) return { state: 'missing' };
  const committed = readFileSync(file, 'utf8');
  if (committed === snapshotText(document)) return { state: 'current' };
  const problems = breakingApiChanges(JSON.parse(committed), JSON.parse(snapshotText(document)));
  return problems.length > 0 ? { state: 'breaking', problems } : { state: 'stale' };
}

/**
 * Brings the snapshot up to date with `document` when nothing it held is removed or retyped, so
 * what was added is held to compatibility from then on; a breaking change writes nothing, since
 * the committed document is what clients were built against.
 */
export function updateApiSnapshot(file: string, document: unknown): SnapshotCheck & { written: boolean } {
  const check = checkApiSnapshot(file, document);
  if (check.state === 'current' || check.state === 'breaking') return { ...check, written: false };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, snapshotText(document));
  return { ...check, written: true };
}
