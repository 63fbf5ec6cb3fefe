/**
 * Everything a chaos run starts registers its undoing here; `run()` undoes it all, last first,
 * whether the run passed, failed or was interrupted. It is the `Teardown` the @joo/testing
 * helpers take, so the script and the tap test clean up the same way.
 */
import type { Teardown } from '@joo/testing';

export class Cleanup implements Teardown {
  private readonly steps: Array<() => unknown> = [];
  private running: Promise<void> | null = null;

  teardown(fn: () => unknown): void {
    this.steps.push(fn);
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length) {
        const step = this.steps.pop()!;
        try {
          await step();
        } catch (error) {
          process.stderr.write(`[chaos] cleanup step failed: ${(error as Error).message}\n`);
        }
      }
    })();
    return this.running;
  }
}
