import type { Queryable } from '@joo/db';
import { hashesMatch, hashApiKey, lookupOf, type NewApiKey } from '../crypto/api-keys.js';

export interface Partner {
  id: string;
  universityId: string;
  name: string;
  webhookUrl: string | null;
  createdAt: string;
  disabled: boolean;
}

interface Row { id: string; university_id: string; name: string; webhook_url: string | null; created_at: Date; disabled_at: Date | null }

const toPartner = (r: Row): Partner => ({
  id: r.id, universityId: r.university_id, name: r.name, webhookUrl: r.webhook_url, createdAt: r.created_at.toISOString(),
  disabled: r.disabled_at !== null,
});

export async function insertPartner(db: Queryable, p: { id: string; universityId: string; name: string; webhookUrl: string | null; now: Date }): Promise<void> {
  await db.query('INSERT INTO partners (id, university_id, name, webhook_url, created_at) VALUES ($1, $2, $3, $4, $5)',
    [p.id, p.universityId, p.name, p.webhookUrl, p.now]);
}

export async function findPartner(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Partner | null> {
  const { rows } = await db.query<Row>(`SELECT * FROM partners WHERE id = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toPartner(rows[0]) : null;
}

export async function listPartners(db: Queryable, filter: { universityId?: string; after?: string; limit: number }): Promise<Partner[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM partners WHERE ($1::uuid IS NULL OR university_id = $1) AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [filter.universityId ?? null, filter.after ?? null, filter.limit]);
  return rows.map(toPartner);
}

export async function setWebhookUrl(db: Queryable, id: string, url: string | null): Promise<void> {
  await db.query('UPDATE partners SET webhook_url = $2 WHERE id = $1', [id, url]);
}

/** Partners of a university that take webhooks. */
export async function webhookPartnersOf(db: Queryable, universityId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM partners WHERE university_id = $1 AND webhook_url IS NOT NULL AND disabled_at IS NULL', [universityId]);
  return rows.map((r) => r.id);
}

export async function insertApiKey(db: Queryable, partnerId: string, keyId: string, key: NewApiKey, now: Date): Promise<void> {
  await db.query('INSERT INTO partner_api_keys (id, partner_id, lookup, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
    [keyId, partnerId, key.lookup, key.hash, now]);
}

/** Ends every live key of the partner at `until` (now: revoked; later: a rotation's overlap). */
export async function expireApiKeys(db: Queryable, partnerId: string, until: Date, exceptKeyId?: string): Promise<void> {
  await db.query(
    `UPDATE partner_api_keys SET expires_at = LEAST(COALESCE(expires_at, $2), $2)
     WHERE partner_id = $1 AND ($3::uuid IS NULL OR id <> $3)`, [partnerId, until, exceptKeyId ?? null]);
}

/** The partner a presented key belongs to, when the key is live; hashes compared in constant time. */
export async function partnerByApiKey(db: Queryable, presented: string, now: Date): Promise<Partner | null> {
  const lookup = lookupOf(presented);
  if (!lookup) return null;
  const hash = hashApiKey(presented);
  const { rows } = await db.query<Row & { key_id: string; key_hash: Buffer }>(
    `SELECT p.*, k.id AS key_id, k.key_hash FROM partner_api_keys k JOIN partners p ON p.id = k.partner_id
     WHERE k.lookup = $1 AND (k.expires_at IS NULL OR k.expires_at > $2) AND p.disabled_at IS NULL`, [lookup, now]);
  const match = rows.find((r) => hashesMatch(r.key_hash, hash));
  if (!match) return null;
  // Best effort and at most once a minute per key: lets admins see which keys are still in use.
  await db.query(`UPDATE partner_api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
    [match.key_id, now]);
  return toPartner(match);
}

export async function insertWebhookSecret(db: Queryable, partnerId: string, id: string, sealed: string, now: Date): Promise<void> {
  await db.query('INSERT INTO partner_webhook_secrets (id, partner_id, secret_ciphertext, created_at) VALUES ($1, $2, $3, $4)',
    [id, partnerId, sealed, now]);
}

export async function expireWebhookSecrets(db: Queryable, partnerId: string, until: Date, exceptId: string): Promise<void> {
  await db.query(
    `UPDATE partner_webhook_secrets SET expires_at = LEAST(COALESCE(expires_at, $2), $2) WHERE partner_id = $1 AND id <> $3`,
    [partnerId, until, exceptId]);
}

/** Sealed secrets that sign at `now`, newest first. */
export async function liveWebhookSecrets(db: Queryable, partnerId: string, now: Date): Promise<Array<{ sealed: string; expiresAt: string | null }>> {
  const { rows } = await db.query<{ secret_ciphertext: string; expires_at: Date | null }>(
    `SELECT secret_ciphertext, expires_at FROM partner_webhook_secrets
     WHERE partner_id = $1 AND (expires_at IS NULL OR expires_at > $2) ORDER BY created_at DESC, id DESC`, [partnerId, now]);
  return rows.map((r) => ({ sealed: r.secret_ciphertext, expiresAt: r.expires_at?.toISOString() ?? null }));
}
