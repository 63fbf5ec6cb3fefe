import { enqueue } from '@joo/bus';
import type { EventData, EventDefinition } from '@joo/contracts';
import { withTransaction, type Pool, type PoolClient, type Queryable } from '@joo/db';
import type { PiiCrypto } from './crypto/pii.js';
import type { IdentityMetrics } from './metrics.js';
import type { AccessTokenIssuer } from './tokens/access.js';

export const SOURCE = 'identity';

/** What the use cases need; built once by buildApp. */
export interface IdentityContext {
  pool: Pool;
  clock: () => Date;
  pii: PiiCrypto;
  tokens: AccessTokenIssuer;
  commonPasswords: ReadonlySet<string>;
  /** Wakes the outbox relay after a commit that wrote events. */
  onOutboxWrite: () => void;
  metrics: IdentityMetrics;
}

// Transactions that wrote an outbox row; only they need the relay woken after commit.
const emitted = new WeakSet<Queryable>();

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export async function write<T>(ctx: Pick<IdentityContext, 'pool' | 'onOutboxWrite'>, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  let wroteEvents = false;
  const result = await withTransaction(ctx.pool, async (tx) => {
    try {
      const value = await work(tx);
      wroteEvents = emitted.has(tx);
      return value;
    } finally {
      emitted.delete(tx); // the pooled client serves other transactions next
    }
  });
  if (wroteEvents) ctx.onOutboxWrite();
  return result;
}

/** Writes an identity event to the outbox inside the caller's transaction. */
export async function emit<D extends EventDefinition>(tx: Queryable, def: D, subject: string, data: EventData<D>, now: Date): Promise<void> {
  await enqueue(tx, SOURCE, def, subject, data, { time: now });
  emitted.add(tx);
}

/** PostgreSQL's unique_violation, optionally on one constraint (index) only. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
