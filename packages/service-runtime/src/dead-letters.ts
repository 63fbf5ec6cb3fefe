import { DeadLetterError, findDeadLetter, handlerFor, replayDeadLetter, type DeadLetter } from '@joo/bus';
import type { Envelope } from '@joo/contracts';
import type { Pool } from '@joo/db';
import { problems } from '@joo/service-kit';

/** A dead letter whose envelope is one: what a replay needs. */
type Replayable = DeadLetter & { envelope: Envelope };

/** `{ raw }` is what the consumer keeps of a message that did not parse as an envelope. */
export function isReplayable(letter: DeadLetter): letter is Replayable {
  const envelope = letter.envelope as Partial<Envelope>;
  return typeof envelope.id === 'string' && typeof envelope.type === 'string' && typeof envelope.source === 'string';
}

/** The publishing service, read from the envelope; null when there is no valid envelope. */
export function sourceOf(letter: DeadLetter): string | null {
  return isReplayable(letter) ? letter.envelope.source : null;
}

export interface ReplayResult {
  id: string;
  outcome: 'applied' | 'duplicate';
}

/**
 * Replays dead letter `id` through the handler its consumer runs in this process, and answers
 * every way it cannot as a problem: an operator is told why, never a 500. `onApplied` runs after
 * a replay committed the handler's effects (the place to wake the outbox relay for events it wrote).
 */
export async function replayLetter(pool: Pool, id: string, onApplied?: () => void): Promise<ReplayResult> {
  const letter = await findDeadLetter(pool, id);
  if (!letter) throw problems.notFound(`There is no dead letter ${id}`);
  if (letter.replayedAt) throw alreadyReplayed(letter);
  if (!isReplayable(letter)) {
    throw problems.unprocessable('not-an-envelope',
      'The consumer received a message that is not an event envelope: there is no event to replay. Leave it, or delete it after noting why.');
  }
  const { consumer, envelope } = letter;
  const handle = handlerFor(consumer, envelope.source);
  if (!handle) {
    throw problems.unprocessable('no-live-handler',
      `No consumer ${consumer} of ${envelope.source} events is running in this process: replay it on an instance where it runs`,
      { consumer, source: envelope.source });
  }
  try {
    const outcome = await replayDeadLetter({ pool, consumer, id, handle });
    if (outcome === 'processed') onApplied?.();
    return { id, outcome: outcome === 'processed' ? 'applied' : 'duplicate' };
  } catch (error) {
    // After the checks above, the bus refuses only a letter another replay closed meanwhile.
    if (error instanceof DeadLetterError) {
      const now = await findDeadLetter(pool, id);
      throw now ? alreadyReplayed(now) : problems.notFound(`There is no dead letter ${id}`);
    }
    // The bus has kept the letter open with this error and one more attempt.
    throw problems.unprocessable('replay-failed', messageOf(error), { consumer, eventType: envelope.type });
  }
}

function alreadyReplayed(letter: DeadLetter): Error {
  return problems.conflict('already-replayed',
    `Dead letter ${letter.id} was replayed at ${letter.replayedAt?.toISOString() ?? 'an earlier moment'}`);
}

/** The handler's error without its stack: the stack is in the letter's `error`, for GET …/:id. */
function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
