import { randomUUID } from 'node:crypto';
import { decodeTimeIdCursor, problems, timeIdPage } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import { findContexts, insertContext, listContexts, type ContextRecord } from '../store/contexts.js';

export interface ContextView { id: string; subject: string; language: 'kk' | 'ru'; title: string; text: string; createdAt: string }
const view = (c: ContextRecord): ContextView => ({ ...c, createdAt: c.createdAt.toISOString() });

export async function createContext(
  ctx: PracticeContext, authorId: string, c: { subject: string; language: 'kk' | 'ru'; title: string; text: string },
): Promise<{ id: string }> {
  const id = randomUUID();
  await insertContext(ctx.pool, { id, ...c, by: authorId, createdAt: ctx.clock() });
  return { id };
}

export async function getContext(ctx: PracticeContext, id: string): Promise<ContextView> {
  const c = (await findContexts(ctx.pool, [id])).get(id);
  if (!c) throw problems.notFound('No such context');
  return view(c);
}

export async function listContextPage(
  ctx: PracticeContext, f: { subject?: string; language?: string; cursor?: string; limit: number },
): Promise<{ items: ContextView[]; nextCursor: string | null }> {
  const key = decodeTimeIdCursor(f.cursor);
  const rows = await listContexts(ctx.pool, {
    ...(f.subject ? { subject: f.subject } : {}), ...(f.language ? { language: f.language } : {}),
    ...(key ? { after: { createdAt: new Date(key.at), id: key.id } } : {}), limit: f.limit + 1,
  });
  return timeIdPage(rows, f.limit, (c) => [c.createdAt, c.id], view);
}
