import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, testDatabase } from '@joo/testing';
import { busMigrations } from '../src/migrations.js';
import { connectBus } from '../src/connection.js';
import { enqueue } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';
import { startConsumer } from '../src/consumer.js';
import { count, OrderPlaced, streamMessages, testLog } from './helpers.js';

// The shared server cannot be restarted under other tests, so this file runs a private one.
const NATS_BIN = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startNats(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(NATS_BIN, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
  // Never leave a server behind, even when the test process dies before its teardown.
  process.once('exit', () => child.kill('SIGKILL'));
  await eventually(() =>
    new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    }), { message: 'nats-server listening' });
  return child;
}

async function stopNats(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

t.test('when NATS restarts, then the relay and the consumer carry on without losing an event', async (t) => {
  const db = await testDatabase(t, { migrations: busMigrations, label: 'nats_hiccup' });
  const dir = await mkdtemp(join(tmpdir(), 'joo-bus-nats-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const port = await freePort();
  let server = await startNats(port, dir);
  t.teardown(() => stopNats(server));

  const log = testLog();
  const bus = await connectBus({ url: `nats://127.0.0.1:${port}`, prefix: 'hiccup.', name: 'hiccup', log, timeoutMs: 1000 });
  t.teardown(() => bus.close());
  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, pollIntervalMs: 100, maxBackoffMs: 500 });
  t.teardown(() => relay.stop());
  const handled: string[] = [];
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log,
    handle: async (event) => { handled.push(event.subject); },
  });
  t.teardown(() => consumer.stop());

  await enqueue(db.pool, 'shop', OrderPlaced, 'before', { orderId: 'before', amount: 1 });
  relay.wake();
  await eventually(async () => handled.length === 1, { message: 'the first event handled' });

  await stopNats(server);
  await enqueue(db.pool, 'shop', OrderPlaced, 'during', { orderId: 'during', amount: 2 });
  relay.wake();
  await eventually(async () =>
    log.entries.some((e) => e.level === 'error' && /outbox relay failed/.test(e.msg ?? '')), { message: 'the relay reports the outage' });
  t.equal(await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL'), 1, 'the event waits in the outbox');

  server = await startNats(port, dir);
  await eventually(async () =>
    (await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL')) === 0, { message: 'the outbox drained', timeoutMs: 20_000 });
  await eventually(async () => handled.length === 2, { message: 'the second event handled', timeoutMs: 20_000 });
  t.same(handled, ['before', 'during']);
  t.equal(await streamMessages(bus, 'shop'), 2, 'file storage kept the first event; the second came once');
});
