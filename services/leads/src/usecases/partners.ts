import { uuidv7 } from 'uuidv7';
import { problems } from '@joo/service-kit';
import { write, type LeadsContext } from '../context.js';
import { generateApiKey } from '../crypto/api-keys.js';
import { generateWebhookSecret } from '../crypto/secrets.js';
import { webhookUrlProblem } from '../delivery/address-guard.js';
import {
  expireApiKeys, expireWebhookSecrets, findPartner, insertApiKey, insertPartner, insertWebhookSecret, liveWebhookSecrets,
  setWebhookUrl, type Partner,
} from '../store/partners.js';
import { findUniversity } from '../store/universities.js';

async function checkedWebhookUrl(ctx: LeadsContext, url: string | null | undefined): Promise<string | null> {
  if (url === undefined || url === null) return null;
  const problem = await webhookUrlProblem(url, { allowPrivate: ctx.allowPrivateWebhooks, resolveHost: ctx.resolveHost });
  if (problem) {
    throw problems.unprocessable('webhook-url-refused', `The webhook URL ${problem}`, { errors: [{ field: '/webhookUrl', message: problem }] });
  }
  return url;
}

async function partnerOr404(ctx: LeadsContext, id: string): Promise<Partner> {
  const partner = await findPartner(ctx.pool, id);
  if (!partner) throw problems.notFound('No such partner');
  return partner;
}

/** A partner account for a university: its API key and webhook secret are shown this once. */
export async function createPartner(
  ctx: LeadsContext, input: { universityId: string; name?: string; webhookUrl?: string | null },
): Promise<{ partnerId: string; apiKey: string; webhookSecret: string }> {
  const university = await findUniversity(ctx.pool, input.universityId);
  if (!university) throw problems.unprocessable('unknown-university', 'No university with this id is in the directory');
  const webhookUrl = await checkedWebhookUrl(ctx, input.webhookUrl);
  const now = ctx.clock();
  const partnerId = uuidv7();
  const key = generateApiKey();
  const secret = generateWebhookSecret();
  await write(ctx, async (tx) => {
    await insertPartner(tx, { id: partnerId, universityId: university.id, name: input.name ?? university.name.ru, webhookUrl, now });
    await insertApiKey(tx, partnerId, uuidv7(), key, now);
    await insertWebhookSecret(tx, partnerId, uuidv7(), ctx.secrets.seal(secret), now);
  });
  return { partnerId, apiKey: key.key, webhookSecret: secret };
}

export async function changeWebhookUrl(ctx: LeadsContext, partnerId: string, url: string | null): Promise<Partner> {
  await partnerOr404(ctx, partnerId);
  await setWebhookUrl(ctx.pool, partnerId, await checkedWebhookUrl(ctx, url));
  return partnerOr404(ctx, partnerId);
}

/**
 * A new API key; the others keep working for the overlap (SECRET_OVERLAP_HOURS) so the partner can
 * deploy the new one without downtime — or stop at once with `revokeOthers`.
 */
export async function rotateApiKey(ctx: LeadsContext, partnerId: string, revokeOthers: boolean): Promise<{ apiKey: string; previousValidUntil: string | null }> {
  const now = ctx.clock();
  const key = generateApiKey();
  const until = new Date(now.getTime() + (revokeOthers ? 0 : ctx.overlapMs));
  await write(ctx, async (tx) => {
    if (!(await findPartner(tx, partnerId, { forUpdate: true }))) throw problems.notFound('No such partner');
    const keyId = uuidv7();
    await expireApiKeys(tx, partnerId, until);
    await insertApiKey(tx, partnerId, keyId, key, now);
  });
  return { apiKey: key.key, previousValidUntil: revokeOthers ? null : until.toISOString() };
}

/** Every key of the partner stops working now (a leaked key; a partnership that ended). */
export async function revokeApiKeys(ctx: LeadsContext, partnerId: string): Promise<void> {
  await write(ctx, async (tx) => {
    if (!(await findPartner(tx, partnerId, { forUpdate: true }))) throw problems.notFound('No such partner');
    await expireApiKeys(tx, partnerId, ctx.clock());
  });
}

/**
 * The partnership ends: keys stop working, webhooks stop, undelivered ones are cancelled. The
 * partner's past transfers stay in the ledger.
 */
export async function disablePartner(ctx: LeadsContext, partnerId: string): Promise<void> {
  const now = ctx.clock();
  await write(ctx, async (tx) => {
    if (!(await findPartner(tx, partnerId, { forUpdate: true }))) throw problems.notFound('No such partner');
    await tx.query('UPDATE partners SET disabled_at = COALESCE(disabled_at, $2) WHERE id = $1', [partnerId, now]);
    await expireApiKeys(tx, partnerId, now);
    await tx.query(
      `UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, last_error = 'the partner was disabled'
       WHERE partner_id = $1 AND status IN ('pending', 'failed')`, [partnerId]);
  });
}

/**
 * A new `whsec_` secret. Until the overlap ends every webhook is signed with the old and the new
 * secret (Standard Webhooks allows several signatures), so the receiver may switch at any time.
 */
export async function rotateWebhookSecret(ctx: LeadsContext, partnerId: string): Promise<{ webhookSecret: string; previousValidUntil: string }> {
  const now = ctx.clock();
  const secret = generateWebhookSecret();
  const until = new Date(now.getTime() + ctx.overlapMs);
  await write(ctx, async (tx) => {
    if (!(await findPartner(tx, partnerId, { forUpdate: true }))) throw problems.notFound('No such partner');
    const id = uuidv7();
    await insertWebhookSecret(tx, partnerId, id, ctx.secrets.seal(secret), now);
    await expireWebhookSecrets(tx, partnerId, until, id);
  });
  return { webhookSecret: secret, previousValidUntil: until.toISOString() };
}

/** The secrets that sign a webhook sent at `now`, newest first. */
export async function signingSecrets(ctx: LeadsContext, partnerId: string, now: Date): Promise<string[]> {
  const sealed = await liveWebhookSecrets(ctx.pool, partnerId, now);
  if (sealed.length === 0) throw new Error('the partner has no live webhook secret');
  return sealed.map((s) => ctx.secrets.open(s.sealed));
}

export async function secretValidity(ctx: LeadsContext, partnerId: string): Promise<Array<{ expiresAt: string | null }>> {
  return (await liveWebhookSecrets(ctx.pool, partnerId, ctx.clock())).map((s) => ({ expiresAt: s.expiresAt }));
}
