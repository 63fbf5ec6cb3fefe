import { write, type PracticeContext } from '../context.js';
import { claimRescores, dropRescore } from '../store/appeals.js';
import { claimOverdueAttempts, findAttempt } from '../store/mocks.js';
import { finishLocked, rescoreLocked } from './mock-scoring.js';

const BATCH = 20;

/**
 * Finishes attempts whose deadline passed (also those that passed while practice was down),
 * `finishedBy: 'deadline'`; a batch per transaction, SKIP LOCKED, so replicas share the work.
 */
export async function finishOverdueAttempts(ctx: PracticeContext, now: Date): Promise<number> {
  let finished = 0;
  for (;;) {
    const n = await write(ctx, async (tx) => {
      const due = await claimOverdueAttempts(tx, now, BATCH);
      for (const a of due) await finishLocked(ctx, tx, a, now);
      return due.length;
    });
    finished += n;
    if (n < BATCH) return finished;
  }
}

/**
 * Re-scores finished attempts an accepted appeal queued. An attempt scored after the decision
 * (finished after it, not at the same instant) already used the corrected key: it is dropped from the queue without an event.
 */
export async function rescoreQueued(ctx: PracticeContext, now: Date): Promise<number> {
  let rescored = 0;
  for (;;) {
    const { claimed, done } = await write(ctx, async (tx) => {
      const jobs = await claimRescores(tx, BATCH);
      let done = 0;
      for (const job of jobs) {
        const a = await findAttempt(tx, job.attemptId, null, true);
        if (a && a.scoredAt && a.scoredAt <= job.decidedAt) {
          await rescoreLocked(ctx, tx, a, job.appealId, now);
          done += 1;
        }
        await dropRescore(tx, job.attemptId, job.appealId);
      }
      return { claimed: jobs.length, done };
    });
    rescored += done;
    if (claimed < BATCH) return rescored;
  }
}
