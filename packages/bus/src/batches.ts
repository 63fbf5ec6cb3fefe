/**
 * Hands queued items to at most `workers` workers, each taking up to `maxBatch` items at a time:
 * a worker that finds one item waiting takes one (no added wait), and items that queue while every
 * worker is busy go together in the next batch. Items of one key are never in two batches at
 * once and keep the order they were given, so each aggregate's events stay in stream order.
 *
 * With `lingerMs`, a batch instead starts `lingerMs` after the first of its items was queued, or as
 * soon as `maxBatch` are queued: a worker then serves several items even when they arrive one by
 * one, for a consumer whose events may wait that long.
 */
export class Batches<T> {
  readonly #workers: number;
  readonly #maxBatch: number;
  readonly #maxQueued: number;
  readonly #keyOf: (item: T) => string;
  readonly #run: (batch: T[]) => Promise<void>;
  readonly #lingerMs: number;
  #queue: T[] = [];
  /** When the queue last went from empty to holding an item (performance.now()). */
  #oldestAt = 0;
  #lingerTimer: NodeJS.Timeout | null = null;
  readonly #busyKeys = new Map<string, number>();
  #active = 0;
  #roomWaiters: Array<() => void> = [];
  #idleWaiters: Array<() => void> = [];

  constructor(options: {
    workers: number;
    maxBatch: number;
    /** `push` waits while this many items are queued, so the puller does not run far ahead. */
    maxQueued: number;
    keyOf: (item: T) => string;
    /** Must handle its own errors; a rejection is swallowed here. */
    run: (batch: T[]) => Promise<void>;
    /** How long a batch waits after its first item for more (ms; default 0: not at all). */
    lingerMs?: number;
  }) {
    for (const [name, value] of [['workers', options.workers], ['maxBatch', options.maxBatch], ['maxQueued', options.maxQueued]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${value}`);
    }
    this.#workers = options.workers;
    this.#maxBatch = options.maxBatch;
    this.#maxQueued = options.maxQueued;
    this.#keyOf = options.keyOf;
    this.#run = options.run;
    this.#lingerMs = options.lingerMs ?? 0;
    if (!Number.isFinite(this.#lingerMs) || this.#lingerMs < 0) throw new Error(`lingerMs must be 0 or more, not ${options.lingerMs}`);
  }

  /** Queues `item`; resolves once there is room for the next one. */
  async push(item: T): Promise<void> {
    if (this.#queue.length === 0) this.#oldestAt = performance.now();
    this.#queue.push(item);
    this.#startWorker();
    while (this.#queue.length >= this.#maxQueued) await new Promise<void>((r) => this.#roomWaiters.push(r));
  }

  /** Resolves when every item pushed so far has been run. */
  async idle(): Promise<void> {
    while (this.#active > 0 || this.#queue.length > 0) await new Promise<void>((r) => this.#idleWaiters.push(r));
  }

  /** Starts a worker if one is free and the queue's batch need not linger; else sets the linger timer. */
  #startWorker(): void {
    if (this.#active >= this.#workers || this.#queue.length === 0) return;
    const wait = this.#lingerLeft();
    if (wait > 0) {
      if (this.#lingerTimer === null) {
        this.#lingerTimer = setTimeout(() => {
          this.#lingerTimer = null;
          this.#startWorker();
        }, wait);
      }
      return;
    }
    this.#active += 1;
    void this.#work();
  }

  /** How much longer the queued items should wait for company (ms); 0 when a batch may start now. */
  #lingerLeft(): number {
    if (this.#lingerMs === 0 || this.#queue.length === 0 || this.#queue.length >= this.#maxBatch) return 0;
    return Math.max(0, this.#lingerMs - (performance.now() - this.#oldestAt));
  }

  async #work(): Promise<void> {
    let lingering = false;
    for (let batch = this.#take(); batch.length > 0; batch = this.#take()) {
      const keys = batch.map(this.#keyOf);
      for (const key of keys) this.#busyKeys.set(key, (this.#busyKeys.get(key) ?? 0) + 1);
      try {
        await this.#run(batch);
      } catch {
        // run handles its own errors
      }
      for (const key of keys) {
        const left = this.#busyKeys.get(key)! - 1;
        if (left === 0) this.#busyKeys.delete(key);
        else this.#busyKeys.set(key, left);
      }
      if (this.#lingerLeft() > 0) {
        lingering = true;
        break;
      }
    }
    this.#active -= 1;
    // What queued meanwhile has not waited its linger yet: the timer starts its batch.
    if (lingering) this.#startWorker();
    // Items left behind were held back by another worker's keys; that worker takes them next.
    else if (this.#active === 0 && this.#queue.length === 0) this.#wake('idle');
  }

  /** The next batch: queued items in order, skipping any whose key another worker holds, and every later item of that key. */
  #take(): T[] {
    const batch: T[] = [];
    const held = new Set<string>();
    const rest: T[] = [];
    for (const item of this.#queue) {
      const key = this.#keyOf(item);
      if (batch.length < this.#maxBatch && !held.has(key) && !this.#busyKeys.has(key)) batch.push(item);
      else {
        held.add(key);
        rest.push(item);
      }
    }
    this.#queue = rest;
    if (rest.length < this.#maxQueued) this.#wake('room');
    return batch;
  }

  #wake(which: 'room' | 'idle'): void {
    const waiters = which === 'room' ? this.#roomWaiters : this.#idleWaiters;
    if (which === 'room') this.#roomWaiters = [];
    else this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
