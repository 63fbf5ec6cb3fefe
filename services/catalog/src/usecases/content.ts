import { problems, type FieldError } from '@joo/service-kit';
import { write, type CatalogContext } from '../context.js';
import { expiryFrom } from '../domain/playback.js';
import { findContent, insertContent, setContentProducts, updateContent, type ContentFields, type ContentItem } from '../store/content.js';

export interface Caller { userId: string; roles: string[] }

/** Domain checks the schema cannot express: a known subject, a title per language, a live item's start. */
function checkFields(ctx: Pick<CatalogContext, 'subjects'>, c: ContentFields): void {
  const errors: FieldError[] = [];
  if (!ctx.subjects.isSubject(c.subject)) errors.push({ field: '/subject', message: 'is not a subject of GET /v1/catalog/subjects' });
  const titled = Object.keys(c.title).sort().join(',');
  if (titled !== [...c.languages].sort().join(',')) errors.push({ field: '/title', message: 'needs exactly one title per language of the item' });
  if (c.description && Object.keys(c.description).some((l) => !c.languages.includes(l as 'kk' | 'ru'))) {
    errors.push({ field: '/description', message: 'is in a language the item is not in' });
  }
  if (c.type === 'live' && !c.startsAt) errors.push({ field: '/startsAt', message: 'is required for a live broadcast' });
  if (c.type !== 'live' && c.startsAt) errors.push({ field: '/startsAt', message: 'is only for live broadcasts' });
  if (c.type === 'test-set' && c.durationMinutes == null && c.questionCount == null) {
    errors.push({ field: '/questionCount', message: 'is required for a test set' });
  }
  if (errors.length > 0) throw problems.badRequest(`${errors.length} field(s) are not valid`, errors);
}

async function checkProducts(ctx: Pick<CatalogContext, 'pool'>, productIds: string[]): Promise<void> {
  if (productIds.length === 0) return;
  const { rows } = await ctx.pool.query<{ id: string }>('SELECT id::text FROM products WHERE id = ANY ($1::uuid[])', [productIds]);
  const known = new Set(rows.map((r) => r.id));
  const missing = productIds.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw problems.unprocessable('unknown-product', 'Content can only be attached to existing products', {
      errors: missing.map((id) => ({ field: '/productIds', message: `${id} is not a product` })),
    });
  }
}

export async function createContent(ctx: CatalogContext, c: ContentFields & { id: string; productIds: string[] }): Promise<ContentItem> {
  checkFields(ctx, c);
  await checkProducts(ctx, c.productIds);
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    if (!(await insertContent(tx, c, now))) throw problems.conflict('content-exists', 'Content with this id exists');
    return (await findContent(tx, c.id))!;
  });
}

export type ContentChanges = Partial<ContentFields & { productIds: string[]; status: 'published' | 'archived' }>;

export async function changeContent(ctx: CatalogContext, id: string, changes: ContentChanges): Promise<ContentItem> {
  if (changes.productIds) await checkProducts(ctx, changes.productIds);
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const current = await findContent(tx, id, { forUpdate: true });
    if (!current) throw problems.notFound('No such content');
    const next = { ...current, ...changes };
    checkFields(ctx, next);
    await updateContent(tx, id, next, now);
    if (changes.productIds) await setContentProducts(tx, id, changes.productIds);
    return (await findContent(tx, id))!;
  });
}

export interface ContentAccess { item: ContentItem; playbackUrl: string; playbackExpiresAt: Date }

/**
 * Opens a content item for the caller: an admin always, a student when an entitlement live now
 * covers a product the item belongs to; then a short-lived playback URL bound to both. The check
 * is one small query, shared with the checks asked for at the same time; the item comes from the
 * cache at the revision that query saw.
 */
export async function openContent(ctx: CatalogContext, id: string, caller: Caller): Promise<ContentAccess> {
  const now = ctx.clock();
  const isAdmin = caller.roles.includes('admin');
  // A token subject that is not a user id (UUID) holds no entitlements.
  const userId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(caller.userId) ? caller.userId : null;
  const access = await ctx.contentAccess({ contentId: id, userId, at: now });
  if (!access || (access.status === 'archived' && !isAdmin)) throw problems.notFound('No such content');
  if (!isAdmin && !access.entitled) {
    ctx.metrics.contentAccess.inc({ outcome: 'denied' });
    if (access.bonusOnly) throw problems.forbidden('Your course has ended: in the bonus period recorded lessons and tests stay open, live lessons do not', 'live-ended-in-bonus');
    throw problems.forbidden('None of your packages includes this content', 'no-entitlement');
  }
  const item = await itemAt(ctx, id, access.revision);
  if (!item) throw problems.notFound('No such content');
  ctx.metrics.contentAccess.inc({ outcome: 'granted' });
  const expires = expiryFrom(now, ctx.playback.ttlSeconds);
  return {
    item,
    playbackUrl: ctx.playback.url(ctx.publicBaseUrl, { contentId: id, userId: caller.userId, expires }),
    playbackExpiresAt: new Date(expires * 1000),
  };
}

/** The item at `revision` or later: from the cache when it holds that revision, else read and kept. */
async function itemAt(ctx: Pick<CatalogContext, 'pool' | 'contentItems'>, id: string, revision: number): Promise<ContentItem | null> {
  const cached = ctx.contentItems.get(id, revision);
  if (cached) return cached;
  const item = await findContent(ctx.pool, id);
  if (item) ctx.contentItems.remember(id, item.revision, item);
  return item;
}

/** The media behind a signed playback URL; the signature is the permission. */
export async function playback(ctx: CatalogContext, id: string, q: { user: string; expires: number; signature: string }): Promise<{ item: ContentItem; expiresAt: Date }> {
  const verdict = ctx.playback.verify({ contentId: id, userId: q.user, expires: q.expires }, q.signature, ctx.clock());
  if (!verdict.ok) {
    throw verdict.reason === 'expired'
      ? problems.forbidden('This playback link has expired: open the content again for a new one', 'playback-link-expired')
      : problems.forbidden('This playback link is not valid', 'bad-playback-signature');
  }
  const item = await findContent(ctx.pool, id);
  if (!item) throw problems.notFound('No such content');
  return { item, expiresAt: new Date(q.expires * 1000) };
}
