import { createHash } from 'node:crypto';
import { withTransaction, type Pool } from '@joo/db';
import { isMainModule, runDatabaseScript } from '@joo/service-runtime';
import { demoBank } from './demo/bank.js';
import { insertContext } from './store/contexts.js';
import { insertQuestion } from './store/questions.js';

const SEEDED_BY = 'demo-seed';

/** The same key always gives the same id, so seeding twice stores nothing twice. */
export function idFromKey(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The demo bank (clearly demo: `demo: true` on every question, "демо" in the contexts' titles):
 * generated mathematics, physics and mathematical-literacy questions with computed answers and
 * authored History of Kazakhstan and reading-literacy ones, in kk and ru: a full mock for the pair
 * mathematics–physics (demo/bank.ts). Idempotent.
 */
export async function seedDemoBank(pool: Pool, now = new Date()): Promise<{ questions: number; added: number }> {
  const { questions: bank, contexts } = demoBank();
  const added = await withTransaction(pool, async (tx) => {
    for (const c of contexts) await insertContext(tx, { id: idFromKey(c.key), subject: c.subject, language: c.language, title: c.title, text: c.text, createdAt: now, by: SEEDED_BY });
    let count = 0;
    for (const q of bank) {
      const inserted = await insertQuestion(tx, {
        id: idFromKey(q.key), demoKey: q.key, by: SEEDED_BY, now,
        fields: {
          subject: q.subject, topic: q.topic, language: q.language, free: q.free, kind: q.kind, stem: q.stem, options: q.options,
          answer: q.answer, explanation: q.explanation, difficulty: null, contextId: q.contextKey ? idFromKey(q.contextKey) : null,
        },
      });
      if (inserted) count += 1;
    }
    return count;
  });
  return { questions: bank.length, added };
}

if (isMainModule(import.meta.url)) {
  await runDatabaseScript('practice', 'seed', async (pool) => {
    const { questions, added } = await seedDemoBank(pool);
    return `demo bank: ${added} of ${questions} questions added`;
  });
}
