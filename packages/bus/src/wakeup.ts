/**
 * A sleep that can be cut short. A wake that arrives while nobody waits is remembered, so a
 * commit that lands during a drain pass still causes one more pass. One waiter at a time.
 */
export class Wakeup {
  #pending = false;
  #closed = false;
  #resolve: (() => void) | null = null;
  #timer: NodeJS.Timeout | undefined;

  wake(): void {
    if (this.#resolve) this.#fire();
    else this.#pending = true;
  }

  wait(ms: number): Promise<void> {
    if (this.#closed || this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#resolve = resolve;
      this.#timer = setTimeout(() => this.#fire(), ms);
    });
  }

  /** Ends the current wait and every later one at once (used by stop()). */
  close(): void {
    this.#closed = true;
    this.#fire();
  }

  #fire(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const resolve = this.#resolve;
    this.#resolve = null;
    resolve?.();
  }
}

/** Exponential backoff with ±20% jitter so replicas that failed together do not retry together. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}
