import t from 'tap';
import { defineStatement, execute, execution, withTransaction } from '@joo/db';
import { outboxInsert } from '../src/outbox.js';
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
  // The pooled client that emitted and failed is reused: the mark of its transaction must not leak into this one.
  await outbox.write(ctx, async (tx) => tx.query('SELECT 1'));
  t.equal(wakes, 0);
});

t.test('when a statement of the caller writes the row, then it is the event enqueue would write, checked the same way, and the write wakes the relay', async (t) => {
  const { db } = await setup(t, 'writer_row');
  const outbox = outboxWriter('shop');
  const at = new Date('2026-03-01T10:00:00Z');
  const write = defineStatement('write_order_placed', ['jsonb'], outboxInsert('$1'));
  let wakes = 0;
  const ctx = { pool: db.pool, onOutboxWrite: () => { wakes += 1; } };
  const id = await outbox.write(ctx, async (tx) => {
    const row = outbox.row(tx, OrderPlaced, 'o-1', order, at);
    t.ok(outbox.wroteEvents(tx), 'producing the row marked the transaction');
    await execute(tx, execution(write, [row]));
    return (JSON.parse(row) as { id: string }).id;
  });
  t.equal(wakes, 1, 'nobody had to say it wrote an event');
  const { rows } = await db.pool.query('SELECT id, type, subject, envelope FROM outbox');
  t.same(rows, [{
    id, type: 'shop.order.placed.v1', subject: 'o-1',
    envelope: { id, type: 'shop.order.placed.v1', source: 'shop', time: at.toISOString(), subject: 'o-1', data: order },
  }]);
  await withTransaction(db.pool, async (tx) => tx.commitWith(execution(write, [outbox.row(null, OrderPlaced, 'o-2', order, at)])));
  t.equal(await count(db, "SELECT 1 FROM outbox WHERE subject = 'o-2'"), 1, 'the same row written with COMMIT, values in the text');
  t.throws(() => outbox.row(null, OrderPlaced, 'o-1', { orderId: 'o-1', amount: -1 }, at), /shop\.order\.placed/, 'data off the schema');
  t.throws(() => outbox.row(null, OrderPlaced, '', order, at), /needs a subject/);
});
