import { enqueue } from '@joo/bus';
import type { EventData, EventDefinition } from '@joo/contracts';
import { withTransaction, type Pool, type PoolClient, type Queryable } from '@joo/db';
import type { CatalogMetrics } from './metrics.js';
import type { PlaybackSigner } from './domain/playback.js';
import type { SubjectCatalogue } from './domain/subjects.js';

export const SOURCE = 'catalog';

/** What the use cases need; built once by buildApp. */
export interface CatalogContext {
  pool: Pool;
  clock: () => Date;
  metrics: CatalogMetrics;
  playback: PlaybackSigner;
  publicBaseUrl: string;
  subjects: SubjectCatalogue;
  /** Wakes the outbox relay after a commit that wrote events. */
  onOutboxWrite: () => void;
}

/**
 * Runs `work` in one transaction and wakes the relay after the commit. Almost every catalog
 * write publishes an event, so the relay is woken unconditionally (a wake with nothing to send
 * costs one empty select).
 */
export async function write<T>(ctx: Pick<CatalogContext, 'pool' | 'onOutboxWrite'>, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  const result = await withTransaction(ctx.pool, work);
  ctx.onOutboxWrite();
  return result;
}

/**
 * Writes a catalog event to the outbox in the caller's transaction. Nobody in the service process
 * NOTIFYs (a NOTIFY serialises commits, ADR 0003): use cases wake the relay after `write`'s commit,
 * event handlers through their consumer's afterCommit. `notify` is for the seed script, which runs
 * no relay.
 */
export async function emit<D extends EventDefinition>(
  tx: Queryable, def: D, subject: string, data: EventData<D>, now: Date, options: { notify?: boolean } = {},
): Promise<void> {
  await enqueue(tx, SOURCE, def, subject, data, { time: now, notify: options.notify ?? false });
}

/** PostgreSQL's unique_violation, optionally on one constraint (index) only. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
