import type { Pool } from '@joo/db';
import { errorText, type BusLogger } from '../log.js';
import type { BusMetrics } from '../metrics.js';
import { pruneOutboxOlderThan } from '../outbox.js';
import type { OutboxDrain } from './drain.js';

const PRUNE_EVERY_MS = 10 * 60_000;
const BACKLOG_EVERY_MS = 1000;

export interface UpkeepOptions {
  pool: Pool;
  source: string;
  log: BusLogger;
  metrics: BusMetrics;
  /** Published rows older than this are deleted (ms). */
  retentionMs: number;
  drain: OutboxDrain;
}

/** What the lock holder does beside publishing: pruning published rows and the backlog gauge. */
export class OutboxUpkeep {
  readonly #o: UpkeepOptions;
  #lastPruneAt = 0;
  #backlog: Promise<void> | null = null;
  #backlogAt = 0;

  constructor(options: UpkeepOptions) {
    this.#o = options;
  }

  /** Published rows are history; the inbox of every consumer already holds what it needs. */
  async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastPruneAt < PRUNE_EVERY_MS) return;
    this.#lastPruneAt = now;
    // What this pass published is history too.
    await this.#o.drain.markUnmarked();
    const pruned = await pruneOutboxOlderThan(this.#o.pool, this.#o.retentionMs);
    if (pruned > 0) this.#o.log.info({ source: this.#o.source, pruned }, 'pruned published outbox rows');
  }

  /**
   * At most once a second (the idle poll keeps it fresh), and beside the next pass rather than
   * before it: under load a pass per commit would otherwise pay one more round trip each.
   */
  measureBacklogNowAndThen(): void {
    if (this.#backlog || Date.now() - this.#backlogAt < BACKLOG_EVERY_MS) return;
    this.#backlogAt = Date.now();
    this.#backlog = this.#measureBacklog().finally(() => { this.#backlog = null; });
  }

  /** Resolves when no backlog measurement is in flight. */
  async settled(): Promise<void> {
    await this.#backlog;
  }

  async #measureBacklog(): Promise<void> {
    try {
      // Rows published and awaiting their mark are not backlog.
      const { rows } = await this.#o.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND id <> ALL($1::uuid[])', [this.#o.drain.unmarked],
      );
      this.#o.metrics.outboxBacklog.set({ source: this.#o.source }, rows[0]?.n ?? 0);
    } catch (error) {
      this.#o.log.debug({ err: errorText(error), source: this.#o.source }, 'could not measure the outbox backlog');
    }
  }
}
