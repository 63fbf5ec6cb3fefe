import t from 'tap';
import type { Pool } from '@joo/db';
import { outboxContext } from '../src/index.js';

const pool = {} as Pool;

t.test('when the deps name a wake-up, then the context calls it after each write that emitted', async (t) => {
  let woken = 0;
  const ctx = outboxContext({ pool, onOutboxWrite: () => { woken += 1; } });
  t.equal(ctx.pool, pool);
  ctx.onOutboxWrite();
  t.equal(woken, 1);
});

t.test('when the deps name none (a test, a script without a relay), then waking does nothing', async (t) => {
  const ctx = outboxContext({ pool });
  t.doesNotThrow(() => ctx.onOutboxWrite());
});
