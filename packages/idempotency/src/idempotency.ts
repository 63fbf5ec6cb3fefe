/**
 * `Idempotency-Key` for POSTs that create money or leads (IETF draft
 * draft-ietf-httpapi-idempotency-key-header): the same key and body get the first answer again;
 * the same key with another body is 422; the same key while the first request still runs is 409.
 * Keys are scoped (per user or partner) and kept 24 h.
 *
 * The key row is claimed in its own short transaction (so a concurrent retry sees it running), and
 * the answer is recorded in the caller's business transaction, so the effect and the recorded
 * answer commit together. A claim whose process died is taken over once its lease runs out.
 */
import type { Pool, Transaction } from '@joo/db';
import { problems, ProblemError } from '@joo/service-kit';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const KEY_TTL_MS = 24 * 60 * 60 * 1000;
const LEASE_MS = 60_000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentAnswer<T> {
  status: number;
  body: T;
  /** true when this is the stored answer of an earlier request */
  replayed: boolean;
}

export interface IdempotencyOptions {
  pool: Pool;
  /** who the key belongs to: a user id, a partner id */
  scope: string;
  /** the header's value, as received */
  key: string | string[] | undefined;
  /** requestFingerprint(method, route, body) */
  fingerprint: string;
  now?: Date;
}

/** Checks the header: present, one value, printable ASCII up to 255 characters. */
export function parseIdempotencyKey(raw: string | string[] | undefined): string {
  if (raw === undefined || raw === '') {
    throw new ProblemError(400, 'idempotency-key-missing', 'Idempotency-Key is required',
      'Send an Idempotency-Key header (a UUID works) so that a retried request is not applied twice');
  }
  const key = Array.isArray(raw) ? raw : [raw];
  if (key.length !== 1 || !KEY_FORMAT.test(key[0]!)) {
    throw problems.badRequest('Idempotency-Key must be one value of 1 to 255 printable ASCII characters',
      [{ field: 'header/idempotency-key', message: 'one value, 1–255 printable ASCII characters' }]);
  }
  return key[0]!;
}

type Claim<T> = { kind: 'claimed' } | { kind: 'replay'; answer: IdempotentAnswer<T> };

async function claim<T>(pool: Pool, scope: string, key: string, fingerprint: string, now: Date): Promise<Claim<T>> {
  const lease = new Date(now.getTime() + LEASE_MS);
  const expired = new Date(now.getTime() - KEY_TTL_MS);
  // An expired key, or a running claim whose lease ran out, is taken over in the same statement.
  const { rows } = await pool.query<{ claimed: boolean; request_hash: string; state: string; response_status: number | null; response_body: T }>(
    `INSERT INTO idempotency_keys (scope, key, request_hash, state, locked_until, created_at)
     VALUES ($1, $2, $3, 'running', $4, $5)
     ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, state = 'running',
       locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at, response_status = NULL, response_body = NULL
       WHERE idempotency_keys.created_at < $6
          OR (idempotency_keys.state = 'running' AND idempotency_keys.locked_until < $5
              AND idempotency_keys.request_hash = EXCLUDED.request_hash)
     RETURNING true AS claimed, request_hash, state, response_status, response_body`,
    [scope, key, fingerprint, lease, now, expired]);
  if (rows.length > 0) return { kind: 'claimed' };

  const existing = await pool.query<{ request_hash: string; state: string; response_status: number | null; response_body: T }>(
    'SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
  const row = existing.rows[0];
  if (!row) return claim(pool, scope, key, fingerprint, now); // removed between the two statements
  if (row.request_hash !== fingerprint) {
    throw problems.unprocessable('idempotency-key-reused',
      'This Idempotency-Key was used for a different request; use a new key for a new request');
  }
  if (row.state === 'running') {
    throw problems.conflict('idempotency-key-in-flight', 'A request with this Idempotency-Key is still being processed; retry shortly');
  }
  return { kind: 'replay', answer: { status: row.response_status ?? 200, body: row.response_body, replayed: true } };
}

/**
 * Runs `work` at most once per (scope, key). `work` gets a transaction and returns the answer; the
 * answer is stored in that transaction. When `work` throws, the claim is released so a retry with
 * the same key runs again (nothing was committed).
 */
export async function idempotent<T>(
  options: IdempotencyOptions,
  work: (tx: Transaction) => Promise<{ status: number; body: T }>,
  transaction: <R>(fn: (tx: Transaction) => Promise<R>) => Promise<R>,
): Promise<IdempotentAnswer<T>> {
  const key = parseIdempotencyKey(options.key);
  const now = options.now ?? new Date();
  const claimed = await claim<T>(options.pool, options.scope, key, options.fingerprint, now);
  if (claimed.kind === 'replay') return claimed.answer;
  try {
    const answer = await transaction(async (tx) => {
      const result = await work(tx);
      await tx.query(
        `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4::jsonb
         WHERE scope = $1 AND key = $2`,
        [options.scope, key, result.status, JSON.stringify(result.body)]);
      return result;
    });
    return { ...answer, replayed: false };
  } catch (error) {
    await options.pool.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'running'`, [options.scope, key])
      .catch(() => {});
    throw error;
  }
}

/** Deletes keys older than 24 h; run it from a periodic job. Returns how many went. */
export async function pruneIdempotencyKeys(pool: Pool, now = new Date()): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM idempotency_keys WHERE created_at < $1', [new Date(now.getTime() - KEY_TTL_MS)]);
  return rowCount ?? 0;
}
