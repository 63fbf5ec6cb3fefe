import { uuidv7 } from 'uuidv7';
import { Compile, type Validator } from 'typebox/compile';
import type { TSchema } from 'typebox';
import type { Envelope, EventData, EventDefinition } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { EventValidationError } from './errors.js';
import { outboxChannel } from './names.js';
import { activeTraceparent } from './trace.js';

export interface EnqueueOptions {
  /** Event time; defaults to now. */
  time?: Date;
  /**
   * Also NOTIFY the relay channel inside this transaction. Off by default: a NOTIFY in a
   * transaction takes a global lock at commit and serialises all writers under load. The
   * committing process wakes its relay with relay.wake() after commit instead; use this only
   * from processes that run no relay (scripts, one-off jobs).
   */
  notify?: boolean;
}

const validators = new WeakMap<TSchema, Validator>();

function validatorOf(schema: TSchema): Validator {
  let v = validators.get(schema);
  if (!v) {
    v = Compile(schema) as Validator;
    validators.set(schema, v);
  }
  return v;
}

/** Throws EventValidationError when `data` does not match the event's schema. */
export function assertEventData(def: EventDefinition, data: unknown): void {
  const validator = validatorOf(def.schema);
  if (validator.Check(data)) return;
  throw new EventValidationError(
    def.type,
    validator.Errors(data).map((e) => ({ path: e.instancePath, message: e.message })),
  );
}

/** An outbox row's values in column order: `INSERT INTO outbox (id, type, subject, envelope)`. */
export type OutboxValues = [id: string, type: string, subject: string, envelope: string];

/**
 * An event as the values of its outbox row, checked as enqueue checks it, for a caller that writes
 * the row within its own statement (say, a CTE that inserts it only when the state change did
 * happen): one round trip for both. The row must be written in the transaction of the state change.
 */
export function outboxRow<D extends EventDefinition>(
  source: string,
  def: D,
  subject: string,
  data: EventData<D>,
  options: Pick<EnqueueOptions, 'time'> = {},
): { envelope: Envelope<EventData<D>, D['type']>; values: OutboxValues } {
  // The stream is chosen by the type's first segment: another service's event would land in its stream.
  if (def.source !== source) throw new Error(`${source} cannot publish ${def.type}, which belongs to ${def.source}`);
  if (typeof subject !== 'string' || subject === '') throw new Error(`event ${def.type} needs a subject (the aggregate id)`);
  assertEventData(def, data);
  const traceparent = activeTraceparent();
  const envelope: Envelope<EventData<D>, D['type']> = {
    id: uuidv7(),
    type: def.type,
    source,
    time: (options.time ?? new Date()).toISOString(),
    subject,
    data,
    ...(traceparent ? { traceparent } : {}),
  };
  return { envelope, values: [envelope.id, envelope.type, subject, JSON.stringify(envelope)] };
}

/**
 * Writes an event to the outbox with `client` — pass the transaction that writes the state
 * change, so the event exists exactly when the change commits. Returns the envelope that the
 * relay will publish. Call relay.wake() after the commit.
 */
export async function enqueue<D extends EventDefinition>(
  client: Queryable,
  source: string,
  def: D,
  subject: string,
  data: EventData<D>,
  options: EnqueueOptions = {},
): Promise<Envelope<EventData<D>, D['type']>> {
  const { envelope, values } = outboxRow(source, def, subject, data, options);
  await client.query('INSERT INTO outbox (id, type, subject, envelope) VALUES ($1, $2, $3, $4)', values);
  if (options.notify) await client.query('SELECT pg_notify($1, $2)', [outboxChannel(source), '']);
  return envelope;
}

/**
 * Deletes outbox rows published more than `retentionMs` ago by the server's clock, the clock that
 * set published_at (a cutoff from this process's clock, in whole milliseconds, can miss a row
 * marked a moment ago when the retention is zero); unpublished rows are never touched.
 */
export async function pruneOutboxOlderThan(db: Queryable, retentionMs: number): Promise<number> {
  const { rowCount } = await db.query(
    "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - $1 * interval '1 millisecond'", [retentionMs]);
  return rowCount ?? 0;
}

/** Deletes outbox rows published before `before`; unpublished rows are never touched. */
export async function pruneOutbox(db: Queryable, before: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < $1', [before]);
  return rowCount ?? 0;
}
