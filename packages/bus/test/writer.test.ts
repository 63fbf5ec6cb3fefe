import t from 'tap';
import { outboxWriter } from '../src/writer.js';
import { count, OrderPlaced, setup } from './helpers.js';

const order = { orderId: 'o-1', amount: 100 };

t.test('when a write emits an event, then the row commits with it and the relay is woken once, after the commit', async (t) => {
  const { db } = await setup(t, 'writer_emit');
  const outbox = outboxWriter('shop');
  let wakes = 0;
  let rowsWhenWoken = -1;
  const ctx = { pool: db.pool, onOutboxWrite: () => { wakes += 1; void count(db, 'SELECT 1 FROM outbox').then((n) => { rowsWhenWoken = n; }); } };
  const value = await outbox.write(ctx, async (tx) => {
    await outbox.emit(tx, OrderPlaced, 'o-1', order, new Date());
    t.ok(outbox.wroteEvents(tx));
    return 'done';
  });
  t.equal(value, 'done');
  t.equal(wakes, 1);
  await new Promise((r) => setTimeout(r, 50));
  t.equal(rowsWhenWoken, 1, 'the row was visible when the relay was woken');
});

t.test('when a write emits nothing or fails, then the relay is not woken and nothing is kept', async (t) => {
  const { db } = await setup(t, 'writer_none');
  const outbox = outboxWriter('shop');
  let wakes = 0;
  const ctx = { pool: db.pool, onOutboxWrite: () => { wakes += 1; } };
  await outbox.write(ctx, async (tx) => tx.query('SELECT 1'));
  await t.rejects(outbox.write(ctx, async (tx) => {
    await outbox.emit(tx, OrderPlaced, 'o-1', order, new Date());
    throw new Error('business rule broken');
  }), /business rule broken/);
  t.equal(wakes, 0);
  t.equal(await count(db, 'SELECT 1 FROM outbox'), 0);
  // The pooled client that emitted and failed is reused: its mark must not leak into this write.
  await outbox.write(ctx, async (tx) => tx.query('SELECT 1'));
  t.equal(wakes, 0);
});

t.test('when rows were written by other means and marked, then the relay is woken', async (t) => {
  const { db } = await setup(t, 'writer_mark');
  const outbox = outboxWriter('shop');
  let wakes = 0;
  await outbox.write({ pool: db.pool, onOutboxWrite: () => { wakes += 1; } }, async (tx) => { outbox.markEmitted(tx); });
  t.equal(wakes, 1);
});
