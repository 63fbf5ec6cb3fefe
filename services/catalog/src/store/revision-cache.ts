/**
 * Values read from the database, kept by id at the revision they were read at. A reader asks with
 * the revision it just saw, so a stale copy is never returned: another replica's change bumps the
 * revision and the next reader reads the value again. Bounded; the oldest entry makes room.
 */
export class RevisionCache<T> {
  readonly #entries = new Map<string, { revision: number; value: T }>();
  readonly #capacity: number;

  constructor(capacity = 5_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be a positive integer, not ${capacity}`);
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value kept for `id` if it was read at exactly `revision`. */
  get(id: string, revision: number): T | undefined {
    const entry = this.#entries.get(id);
    return entry?.revision === revision ? entry.value : undefined;
  }

  /** Keeps `value` as `id` at `revision`, unless a newer revision is kept already. */
  remember(id: string, revision: number, value: T): void {
    const current = this.#entries.get(id);
    if (current && current.revision > revision) return;
    if (!current && this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(id, { revision, value });
  }
}
