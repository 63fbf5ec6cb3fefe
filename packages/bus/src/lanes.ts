/**
 * Runs tasks at most `limit` at a time, and the tasks of one key strictly one after another in the
 * order they were given: a consumer handles different aggregates side by side while each
 * aggregate's events keep their stream order. With a limit of 1 it is a plain sequence.
 */
export class Lanes {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();
  readonly #tails = new Map<string, Promise<void>>();

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrency must be a positive integer, not ${limit}`);
    this.#limit = limit;
  }

  /**
   * Resolves once `task` has a slot (not when it ends), so the caller pulls the next message only
   * when there is room for it. `task` must handle its own errors; a rejection is swallowed here.
   */
  async run(key: string, task: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.#limit) await Promise.race(this.#running);
    const before = this.#tails.get(key);
    const done: Promise<void> = (async () => {
      if (before) await before;
      await task();
    })()
      .catch(() => {})
      .finally(() => {
        this.#running.delete(done);
        if (this.#tails.get(key) === done) this.#tails.delete(key);
      });
    this.#running.add(done);
    this.#tails.set(key, done);
  }

  /** Resolves when every task given so far has finished. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }
}
