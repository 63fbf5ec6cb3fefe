import { uuidv7 } from 'uuidv7';
import type { Envelope } from '@joo/contracts';
import { type Pool, type Queryable } from '@joo/db';
import { DeadLetterError } from './errors.js';
import { handleOnce, type EventHandler, type InboxOutcome } from './inbox.js';
import { errorText } from './log.js';
import { markSpanFailed, withEventSpan } from './trace.js';

export interface DeadLetter {
  id: string;
  consumer: string;
  eventId: string;
  eventType: string | null;
  /** The envelope as received; `{ raw }` when the message was not a valid envelope. */
  envelope: Envelope | { raw: string };
  error: string;
  attempts: number;
  failedAt: Date;
  replayedAt: Date | null;
}

export interface NewDeadLetter {
  consumer: string;
  eventId: string;
  eventType: string | null;
  envelope: Envelope | { raw: string };
  error: unknown;
  attempts: number;
}

/** Records a failed event; a still-open dead letter of the same event is updated instead of duplicated. */
export async function recordDeadLetter(db: Queryable, letter: NewDeadLetter): Promise<void> {
  await db.query(
    `INSERT INTO dead_letters (id, consumer, event_id, event_type, envelope, error, attempts)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (consumer, event_id) WHERE replayed_at IS NULL
     DO UPDATE SET error = EXCLUDED.error, attempts = GREATEST(dead_letters.attempts, EXCLUDED.attempts), failed_at = now()`,
    [
      uuidv7(),
      letter.consumer,
      letter.eventId,
      letter.eventType,
      JSON.stringify(letter.envelope),
      errorText(letter.error),
      letter.attempts,
    ],
  );
}

const COLUMNS = `id, consumer, event_id AS "eventId", event_type AS "eventType", envelope, error, attempts,
  failed_at AS "failedAt", replayed_at AS "replayedAt"`;

/** Dead letters, newest first; open ones (not replayed) unless includeReplayed. */
export async function listDeadLetters(
  db: Queryable,
  consumer?: string,
  options: { includeReplayed?: boolean; limit?: number } = {},
): Promise<DeadLetter[]> {
  const { rows } = await db.query<DeadLetter>(
    `SELECT ${COLUMNS} FROM dead_letters
     WHERE ($1::text IS NULL OR consumer = $1) AND ($2 OR replayed_at IS NULL)
     ORDER BY failed_at DESC, id DESC LIMIT $3`,
    [consumer ?? null, options.includeReplayed ?? false, options.limit ?? 100],
  );
  return rows;
}

/** One dead letter by its id, whichever consumer wrote it. */
export async function findDeadLetter(db: Queryable, id: string): Promise<DeadLetter | undefined> {
  const { rows } = await db.query<DeadLetter>(`SELECT ${COLUMNS} FROM dead_letters WHERE id = $1`, [id]);
  return rows[0];
}

export interface ReplayOptions {
  pool: Pool;
  consumer: string;
  /** The dead letter's id. */
  id: string;
  /** Usually the consumer's own handler, fixed. */
  handle: EventHandler;
}

/**
 * Runs a dead letter through the same inbox + handler transaction as live delivery and marks it
 * replayed in that transaction. 'duplicate' means the event had been handled meanwhile (the
 * letter is marked replayed all the same). When the handler throws again, the letter stays open
 * with the new error and one more attempt counted, and the error is rethrown.
 */
export async function replayDeadLetter(options: ReplayOptions): Promise<InboxOutcome> {
  const { pool, consumer, id, handle } = options;
  const { rows } = await pool.query<DeadLetter>(`SELECT ${COLUMNS} FROM dead_letters WHERE id = $1 AND consumer = $2`, [
    id,
    consumer,
  ]);
  const letter = rows[0];
  if (!letter) throw new DeadLetterError(`no dead letter ${id} for consumer ${consumer}`);
  if (letter.replayedAt) throw new DeadLetterError(`dead letter ${id} was already replayed`);
  if (!('id' in letter.envelope)) throw new DeadLetterError(`dead letter ${id} holds no valid envelope to replay`);
  const event = letter.envelope;
  return withEventSpan(`${consumer} replay ${event.type}`, event, { 'joo.consumer': consumer }, async (span) => {
    try {
      return await handleOnce(pool, consumer, event, handle, async (tx) => {
        // Guarded so two admins replaying the same letter cannot both apply it.
        const marked = await tx.query(
          'UPDATE dead_letters SET replayed_at = now() WHERE id = $1 AND replayed_at IS NULL',
          [id],
        );
        if (marked.rowCount !== 1) throw new DeadLetterError(`dead letter ${id} was already replayed`);
      });
    } catch (error) {
      markSpanFailed(span, error);
      if (!(error instanceof DeadLetterError)) {
        await pool.query('UPDATE dead_letters SET error = $2, attempts = attempts + 1 WHERE id = $1', [
          id,
          errorText(error),
        ]);
      }
      throw error;
    }
  });
}
