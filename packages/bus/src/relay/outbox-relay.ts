import { busMetrics } from '../metrics.js';
import { assertSource } from '../names.js';
import { backoffMs, Wakeup } from '../wakeup.js';
import { OutboxDrain } from './drain.js';
import { LeaderLock, WakeForwarder } from './leader.js';
import type { Relay, RelayOptions } from './options.js';
import { OutboxUpkeep } from './upkeep.js';

const DEFAULT_RETENTION_MS = 7 * 24 * 3600_000;
/**
 * Acked rows are marked with the next pass's read; when no pass comes, one runs this long after the
 * last, to mark them (a lost mark only means a duplicate the consumers drop).
 */
const MARK_WITHIN_MS = 100;

/** The relay's passes: when they run, one at a time, and what each does while holding the lock. */
export class OutboxRelay implements Relay {
  readonly #o: Required<Pick<RelayOptions, 'pollIntervalMs' | 'lockRetryMs' | 'maxBackoffMs' | 'listen'>> & RelayOptions;
  readonly #wakeup = new Wakeup();
  readonly #lock: LeaderLock;
  readonly #forwarder: WakeForwarder;
  readonly #drain: OutboxDrain;
  readonly #upkeep: OutboxUpkeep;
  readonly #loop: Promise<void>;
  #stopped = false;
  #stopping: Promise<void> | null = null;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: RelayOptions) {
    assertSource(options.source);
    this.#o = {
      ...options,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      lockRetryMs: options.lockRetryMs ?? 5000,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      listen: options.listen ?? true,
    };
    const { pool, bus, source, log } = options;
    const metrics = busMetrics(options.registry);
    this.#lock = new LeaderLock({
      pool, source, log, listen: this.#o.listen, sessionConnectionString: options.sessionConnectionString,
      wake: () => this.#wakeup.wake(),
    });
    this.#forwarder = new WakeForwarder(pool, source, log, () => this.#stopped);
    this.#drain = new OutboxDrain({ pool, bus, source, metrics, batchSize: options.batchSize ?? 100, beforeMark: options.beforeMark });
    this.#upkeep = new OutboxUpkeep({
      pool, source, log, metrics, retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS, drain: this.#drain,
    });
    this.#loop = this.#run();
  }

  isLeader(): boolean {
    return this.#lock.held;
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#lock.held || !this.#o.listen) this.#wakeup.wake();
    else this.#forwarder.forward();
  }

  drainOnce(): Promise<number> {
    if (this.#stopped) return Promise.reject(new Error('relay stopped'));
    return this.#exclusive(async () => {
      if (!this.#lock.held) await this.#lock.tryLead();
      if (!this.#lock.held) return 0;
      const published = await this.#publish();
      await this.#drain.markUnmarked();
      return published;
    });
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#stopped = true;
      this.#wakeup.close();
      await this.#loop;
      await this.#tail.catch(() => {});
      await this.#drain.markUnmarked().catch((error: unknown) =>
        this.#o.log.warn({ err: error, source: this.#o.source }, 'could not mark published rows; they will be published again'));
      await this.#forwarder.settled();
      await this.#upkeep.settled();
      await this.#lock.release();
    })();
    return this.#stopping;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      let pauseMs: number;
      try {
        const led = await this.#exclusive(async () => {
          if (!this.#lock.held) await this.#lock.tryLead();
          if (this.#lock.held && !this.#stopped) await this.#publish();
          if (this.#lock.held && !this.#stopped) await this.#upkeep.pruneNowAndThen();
          return this.#lock.held;
        });
        failures = 0;
        pauseMs = led ? this.#o.pollIntervalMs : this.#o.lockRetryMs;
        // Only a holder marks; a replica that lost the lock keeps its lock-retry pace (its unmarked
        // rows are published again by the next holder and dropped as duplicates).
        if (led && this.#drain.unmarked.length > 0) pauseMs = Math.min(pauseMs, MARK_WITHIN_MS);
      } catch (error) {
        failures += 1;
        pauseMs = backoffMs(failures, 100, this.#o.maxBackoffMs);
        this.#o.log.error({ err: error, source: this.#o.source, retryInMs: pauseMs }, 'outbox relay failed; retrying');
      }
      await this.#wakeup.wait(pauseMs);
    }
  }

  /** A drain while this relay runs and holds the lock, then the backlog gauge beside the next pass. */
  async #publish(): Promise<number> {
    const published = await this.#drain.drain(() => !this.#stopped && this.#lock.held);
    this.#upkeep.measureBacklogNowAndThen();
    return published;
  }

  /** Serialises drain passes between the loop and drainOnce(). */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => {});
    return run;
  }
}
