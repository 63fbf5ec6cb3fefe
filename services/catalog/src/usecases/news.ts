import { uuidv7 } from 'uuidv7';
import { NewsPublished } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { problems } from '@joo/service-kit';
import { emit, write, type CatalogContext } from '../context.js';
import type { NewsText } from '../domain/contest-news.js';
import { deleteNews, findNews, insertNews, updateNews, type Bilingual, type News, type Origin } from '../store/news.js';

async function announce(tx: Queryable, n: News, now: Date): Promise<void> {
  await emit(tx, NewsPublished, n.id, {
    newsId: n.id, title: n.title, ...(n.summary ? { summary: n.summary } : {}),
    origin: n.origin ? { source: n.origin.source, id: n.origin.id } : null, publishedAt: n.publishedAt!.toISOString(),
  }, now);
}

export interface NewsInput { title: Bilingual; summary?: Bilingual | null; body: Bilingual; publish?: boolean }

export async function createNews(ctx: CatalogContext, input: NewsInput): Promise<News> {
  const now = ctx.clock();
  const news: News = {
    id: uuidv7(), title: input.title, summary: input.summary ?? null, body: input.body, status: input.publish ? 'published' : 'draft',
    publishedAt: input.publish ? now : null, origin: null, createdAt: now, updatedAt: now,
  };
  return write(ctx, async (tx) => {
    await insertNews(tx, news);
    if (news.status === 'published') await announce(tx, news, now);
    return news;
  });
}

export async function changeNews(ctx: CatalogContext, id: string, changes: Partial<Omit<NewsInput, 'publish'>>): Promise<News> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const current = await findNews(tx, id, { forUpdate: true });
    if (!current) throw problems.notFound('No such news');
    const next: News = {
      ...current, title: changes.title ?? current.title, body: changes.body ?? current.body,
      summary: changes.summary !== undefined ? changes.summary : current.summary, updatedAt: now,
    };
    await updateNews(tx, next, now);
    return next;
  });
}

/** Publishes a draft (news.published once); publishing again changes nothing. */
export async function publishNews(ctx: CatalogContext, id: string): Promise<News> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const current = await findNews(tx, id, { forUpdate: true });
    if (!current) throw problems.notFound('No such news');
    if (current.status === 'published') return current;
    const next: News = { ...current, status: 'published', publishedAt: now, updatedAt: now };
    await updateNews(tx, next, now);
    await announce(tx, next, now);
    return next;
  });
}

export async function removeNews(ctx: CatalogContext, id: string): Promise<void> {
  if (!(await deleteNews(ctx.pool, id))) throw problems.notFound('No such news');
}

/** A contest event as published news, once per (contest, kind) however often the event arrives. */
export async function newsFromEvent(tx: Queryable, text: NewsText, origin: Origin, now: Date): Promise<boolean> {
  const news: News = { id: uuidv7(), ...text, status: 'published', publishedAt: now, origin, createdAt: now, updatedAt: now };
  if (!(await insertNews(tx, news))) return false;
  await announce(tx, news, now);
  return true;
}
