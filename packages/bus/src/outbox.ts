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

/**
 * An event's envelope as JSON text, the one value from which a statement of the caller's writes its
 * outbox row (see outboxInsert); from OutboxWriter.row, which validates the event.
 */
export type OutboxRow = string & { readonly __outboxRow: true };

/**
 * `INSERT INTO outbox … SELECT …` of the event whose envelope is `envelope` (an SQL expression of an
 * OutboxRow, such as a statement's `$11` of type jsonb): for a statement that writes its state
 * change and its event together, one round trip for both. Append a WHERE (over `ev`, the envelope)
 * to write the row only when the change did happen.
 */
export function outboxInsert(envelope: string): string {
  return `INSERT INTO outbox (id, type, subject, envelope)
    SELECT (ev->>'id')::uuid, ev->>'type', ev->>'subject', ev FROM (SELECT ${envelope} AS ev) AS event`;
}

/** An event of `source` as its envelope, checked as every event is: its source, its subject, its schema. */
export function eventEnvelope<D extends EventDefinition>(
  source: string,
  def: D,
  subject: string,
  data: EventData<D>,
  options: Pick<EnqueueOptions, 'time'> = {},
): Envelope<EventData<D>, D['type']> {
  // The stream is chosen by the type's first segment: another service's event would land in its stream.
  if (def.source !== source) throw new Error(`${source} cannot publish ${def.type}, which belongs to ${def.source}`);
  if (typeof subject !== 'string' || subject === '') throw new Error(`event ${def.type} needs a subject (the aggregate id)`);
  assertEventData(def, data);
  const traceparent = activeTraceparent();
  return {
    id: uuidv7(),
    type: def.type,
    source,
    time: (options.time ?? new Date()).toISOString(),
    subject,
    data,
    ...(traceparent ? { traceparent } : {}),
  };
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
  const envelope = eventEnvelope(source, def, subject, data, options);
  await client.query('INSERT INTO outbox (id, type, subject, envelope) VALUES ($1, $2, $3, $4)',
    [envelope.id, envelope.type, subject, JSON.stringify(envelope)]);
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
