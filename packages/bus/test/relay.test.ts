import t from 'tap';
import { Registry } from 'prom-client';
import { withTransaction } from '@joo/db';
import { eventually } from '@joo/testing';
import { enqueue, pruneOutbox } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';
import { count, metricValue, OrderPlaced, setup, streamMessages } from './helpers.js';

// pg_locks is server-wide: other test files (and their migrations) hold advisory locks too.
const OUR_ADVISORY_LOCKS = `SELECT pid FROM pg_locks WHERE locktype = 'advisory'
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

const place = (n: number) => ({ orderId: `o-${n}`, amount: n * 100 });

t.test('when the relay dies between publish and mark, then a new relay republishes and the stream holds the event once', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'relay_crash');
  const env = await withTransaction(db.pool, (tx) => enqueue(tx, 'shop', OrderPlaced, 'o-1', place(1)));

  const dying = startRelay({
    pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000,
    beforeMark: () => {
      throw new Error('simulated crash after the server ack, before the mark');
    },
  });
  await t.rejects(dying.drainOnce(), /simulated crash/);
  await dying.stop();
  t.equal(await streamMessages(bus, 'shop'), 1, 'the first relay did publish');
  t.equal(await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL'), 1, 'but the row was never marked');

  const next = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000 });
  t.teardown(() => next.stop());
  await next.drainOnce();
  t.equal(await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NOT NULL'), 1, 'the new relay marked it');
  t.equal(await streamMessages(bus, 'shop'), 1, 'JetStream dropped the republish by Nats-Msg-Id');
  t.ok((await metricValue(registry, 'joo_outbox_duplicates_total')) >= 1, 'the duplicate ack was counted');
  const stored = await bus.jsm.streams.getMessage(bus.streamName('shop'), { seq: 1 });
  t.equal(stored?.header.get('Nats-Msg-Id'), env.id, 'the message id is the event id');
});

t.test('when two relays run on one source, then one holds the lock and every row is published once', async (t) => {
  const { db, bus, log } = await setup(t, 'relay_pair');
  const registries = [new Registry(), new Registry()];
  const relays = registries.map((registry) =>
    startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 100, lockRetryMs: 100, batchSize: 7 }),
  );
  t.teardown(() => Promise.all(relays.map((r) => r.stop())));

  for (let i = 0; i < 30; i++) {
    await withTransaction(db.pool, (tx) => enqueue(tx, 'shop', OrderPlaced, `o-${i}`, place(i)));
    relays.forEach((r) => r.wake());
  }
  await eventually(async () =>
    (await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL')) === 0, { message: 'all rows published' });

  const leaders = relays.filter((r) => r.isLeader());
  t.equal(leaders.length, 1, 'exactly one relay holds the lock');
  const published = await Promise.all(registries.map((r) => metricValue(r, 'joo_outbox_published_total')));
  t.same(published.slice().sort((a, b) => a - b), [0, 30], 'the leader published all 30, the other none');
  t.equal(await streamMessages(bus, 'shop'), 30);
  const duplicates = await Promise.all(registries.map((r) => metricValue(r, 'joo_outbox_duplicates_total')));
  t.same(duplicates, [0, 0], 'nothing was published twice');
  const locks = await count(db, `${OUR_ADVISORY_LOCKS} AND granted`);
  t.equal(locks, 1, 'PostgreSQL shows one advisory lock');

  const leader = leaders[0]!;
  const follower = relays.find((r) => r !== leader)!;
  await leader.stop();
  await withTransaction(db.pool, (tx) => enqueue(tx, 'shop', OrderPlaced, 'o-after', place(99)));
  follower.wake();
  await eventually(async () =>
    follower.isLeader() && (await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL')) === 0, { message: 'the follower takes over' });
  t.equal(await streamMessages(bus, 'shop'), 31, 'the follower published after the leader stopped');
});

t.test('when a relay loses its lock mid-pass and the next one drains the same rows, then the stream holds each event once, in order', async (t) => {
  const { db, bus, log } = await setup(t, 'relay_overlap');
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) ids.push((await enqueue(db.pool, 'shop', OrderPlaced, `o-${i % 3}`, place(i))).id);
  const registries = [new Registry(), new Registry()];
  let next: ReturnType<typeof startRelay> | undefined;
  const first = startRelay({
    pool: db.pool, bus, source: 'shop', log, registry: registries[0], pollIntervalMs: 60_000,
    // Published and acked, not yet marked: the lock session dies and another relay drains meanwhile.
    beforeMark: async () => {
      if (next) return;
      await db.pool.query(`SELECT pg_terminate_backend(pid) FROM (${OUR_ADVISORY_LOCKS} AND granted) q`);
      next = startRelay({ pool: db.pool, bus, source: 'shop', log, registry: registries[1], pollIntervalMs: 60_000 });
      // Its own loop or drainOnce, whichever takes the lock first.
      await eventually(async () =>
        (await next!.drainOnce(), next!.isLeader()) && (await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL')) === 0, { message: 'the next relay drains what the first has not marked' });
    },
  });
  t.teardown(async () => { await first.stop(); await next?.stop(); });
  await first.drainOnce();

  t.ok(next?.isLeader(), 'the next relay holds the lock');
  const published = await Promise.all(registries.map((r) => metricValue(r, 'joo_outbox_published_total')));
  t.same(published, [10, 10], 'both relays published every row');
  t.equal(await metricValue(registries[1]!, 'joo_outbox_duplicates_total'), 10, 'JetStream told the second relay they were duplicates');
  t.equal(await streamMessages(bus, 'shop'), 10, 'the stream holds each event once');
  const stored: string[] = [];
  for (let seq = 1; seq <= 10; seq++) stored.push((await bus.jsm.streams.getMessage(bus.streamName('shop'), { seq }))!.header.get('Nats-Msg-Id'));
  t.same(stored, ids, 'in outbox order');
  t.equal(await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL'), 0, 'every row is marked');
});

t.test('when another replica commits and wakes, then NOTIFY wakes the lock holder long before its poll', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'relay_notify');
  const holder = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000 });
  t.teardown(() => holder.stop());
  await holder.drainOnce();
  t.ok(holder.isLeader());
  const replica = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000, lockRetryMs: 60_000 });
  t.teardown(() => replica.stop());
  t.equal(await replica.drainOnce(), 0);
  t.notOk(replica.isLeader());

  const started = Date.now();
  await withTransaction(db.pool, (tx) => enqueue(tx, 'shop', OrderPlaced, 'o-1', place(1)));
  replica.wake();
  await eventually(async () => (await streamMessages(bus, 'shop')) === 1, { message: 'the holder publishes', timeoutMs: 5000 });
  t.ok(Date.now() - started < 5000, 'woken by NOTIFY, not by the 60 s poll');

  await withTransaction(db.pool, (tx) => enqueue(tx, 'shop', OrderPlaced, 'o-2', place(2), { notify: true }));
  await eventually(async () => (await streamMessages(bus, 'shop')) === 2, { message: 'the holder publishes the notified row', timeoutMs: 5000 });
  t.equal(await streamMessages(bus, 'shop'), 2, 'enqueue({ notify: true }) wakes the holder by itself');
});

t.test('when the lock session is killed, then the relay takes the lock again and keeps publishing', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'relay_pgkill');
  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 100 });
  t.teardown(() => relay.stop());
  await relay.drainOnce();
  t.ok(relay.isLeader());

  const { rows } = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM (${OUR_ADVISORY_LOCKS} AND granted) q`,
  );
  t.equal(rows.length, 1);
  await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
  await eventually(async () => log.entries.some((e) => /lost its lock/.test(e.msg ?? '')), { message: 'the relay notices' });

  await withTransaction(db.pool, (tx) => enqueue(tx, 'shop', OrderPlaced, 'o-1', place(1)));
  relay.wake();
  await eventually(async () => (await streamMessages(bus, 'shop')) === 1, { message: 'published after reconnecting' });
  t.ok(relay.isLeader(), 'it holds the lock again');
  const { rows: after } = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM (${OUR_ADVISORY_LOCKS} AND granted) q`,
  );
  t.not(after[0]?.pid, rows[0]!.pid, 'on a new session');
});

t.test('when the relay stops, then it releases the lock and leaves no connection behind', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'relay_stop');
  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 50 });
  await relay.drainOnce();
  const sessions = () =>
    count(db, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%/relay-shop'");
  t.equal(await sessions(), 1, 'the relay has its own lock session');
  await relay.stop();
  await relay.stop();
  t.equal(await count(db, OUR_ADVISORY_LOCKS), 0, 'lock released');
  await eventually(async () => (await sessions()) === 0, { message: 'the lock session is gone' });
  t.notOk(relay.isLeader());
  await t.rejects(relay.drainOnce(), /stopped/);
});

t.test('when published rows are older than the retention, then the lock holder prunes them and keeps the unpublished', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'relay_prune');
  await withTransaction(db.pool, (tx) => enqueue(tx, 'shop', OrderPlaced, 'o-1', place(1)));
  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 50, retentionMs: 0 });
  t.teardown(() => relay.stop());
  await eventually(async () => (await count(db, 'SELECT 1 FROM outbox')) === 0, { message: 'the first row is published and pruned', timeoutMs: 5000 });
  t.equal(await streamMessages(bus, 'shop'), 1, 'it was published before it was pruned');
  await relay.stop();
  await withTransaction(db.pool, (tx) => enqueue(tx, 'shop', OrderPlaced, 'o-2', place(2)));
  t.equal(await pruneOutbox(db.pool, new Date(Date.now() + 60_000)), 0, 'an unpublished row is never pruned');
  t.equal(await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL'), 1);
});

t.test('when a relay is given a sessionConnectionString, then it takes its lock and LISTENs through that connection', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'relay_session_url');
  // The pool's sessions are named after the database; the direct URL names its own.
  const direct = new URL(db.url);
  direct.searchParams.set('application_name', 'direct-session');
  const holder = startRelay({
    pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000, sessionConnectionString: direct.href,
  });
  t.teardown(() => holder.stop());
  await holder.drainOnce();
  t.ok(holder.isLeader());

  const { rows } = await db.pool.query<{ application_name: string; listening: boolean }>(
    `SELECT a.application_name, a.query LIKE 'LISTEN%' AS listening
       FROM (${OUR_ADVISORY_LOCKS} AND granted) l JOIN pg_stat_activity a USING (pid)`,
  );
  t.same(rows.map((r) => r.application_name), ['direct-session/relay-shop'], 'the lock is held by the session of the direct URL');
  t.ok(rows[0]?.listening, 'that session is the one that LISTENs');

  const replica = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000, lockRetryMs: 60_000 });
  t.teardown(() => replica.stop());
  await withTransaction(db.pool, (tx) => enqueue(tx, 'shop', OrderPlaced, 'o-1', place(1)));
  replica.wake();
  await eventually(async () => (await streamMessages(bus, 'shop')) === 1, { message: 'the holder, woken through its LISTEN, publishes', timeoutMs: 5000 });
});
