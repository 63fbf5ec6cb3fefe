/**
 * The event path: an event committed to one service's outbox → committed in its consumer's inbox in
 * another service's database, beside raw JetStream (publish → pull consume) in the same run.
 *
 * Platform: one producer transaction per event writes a state row and the event's outbox row through
 * @joo/bus (outboxWriter) and wakes the relay after its commit, as a service does; the relay
 * (startRelay) runs in the same process, as in a service; a durable consumer (startConsumer) writes
 * one row per event, with its inbox row, in a second database. Raw: a JSON body of the same size,
 * published with the JetStream client (with a Nats-Msg-Id, as the relay publishes) to a stream of the
 * same kind, read by a pull consumer that acks each message; no database.
 *
 * Both are measured twice:
 * - at a steady EVENT_BENCH_RATE (default 500/s) for EVENT_BENCH_SECONDS (default 20), after a
 *   warm-up at that rate (EVENT_BENCH_WARMUP_SECONDS, default 5; a fresh process compiles its hot
 *   paths first): the lag of each event, on the platform from the producer's commit having resolved
 *   to the consumer's commit (its afterCommit hook), raw from the publish call to the consumer's ack;
 * - the drain of a backlog of EVENT_BENCH_BACKLOG events (default 50 000): on the platform written
 *   while the relay and the consumer are stopped, then both started: the relay's publish rate (from
 *   the stream's message count) and the rate at which the consumer committed them all; raw, published
 *   with no consumer reading (the publish rate), then consumed.
 * Each platform figure is also printed as a ratio to its raw one.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { AckPolicy, DeliverPolicy, StorageType, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import {
  DUPLICATE_WINDOW_MS, busMigrations, connectBus, outboxWriter, startConsumer, startRelay,
  type BusLogger, type ConsumerHandle, type Relay,
} from '@joo/bus';
import { EntitlementGranted, type EventData } from '@joo/contracts';
import type { Pool } from '@joo/db';
import { streamNamePrefix, testBus, testDatabase, type TestBus } from '@joo/testing';
import { LagMeter, busyShare, cpuShare, figure, machineJiffies, openLoop, summarize, until, type LatencySummary } from './lib.js';

const RATE = Number(process.env.EVENT_BENCH_RATE ?? 500);
const SECONDS = Number(process.env.EVENT_BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.EVENT_BENCH_WARMUP_SECONDS ?? 5);
const BACKLOG = Number(process.env.EVENT_BENCH_BACKLOG ?? 50_000);
// The consumer as catalog runs its busiest one (payments): two events at once, those queued meanwhile
// up to 32 to a transaction.
const CONCURRENCY = Number(process.env.EVENT_BENCH_CONCURRENCY ?? 2);
const BATCH = Number(process.env.EVENT_BENCH_BATCH ?? 32);
/** How long the last events of a steady run may take to arrive after the last was sent. */
const SETTLE_MS = 60_000;
const DRAIN_TIMEOUT_MS = 600_000;
/** Events per transaction while the platform's backlog is written, and raw publishes per window (a relay batch). */
const CHUNK = 100;

const log: BusLogger = {
  debug: () => {}, info: () => {},
  warn: (obj, msg) => console.error('warn:', msg, obj),
  error: (obj, msg) => console.error('error:', msg, obj),
};

const PRODUCT = randomUUID();
/** A realistic payload: catalog's grant, the event the payments bench follows; its subject is the key. */
function grantOf(key: string, now: Date): EventData<typeof EntitlementGranted> {
  const at = now.toISOString();
  return {
    entitlementId: key, userId: key, productId: PRODUCT, productVersion: 1, orderId: key, profileSubject: 'math-physics',
    profileSubjects: ['math', 'physics'], validFrom: at, validUntil: new Date(now.getTime() + 365 * 86_400_000).toISOString(), grantedAt: at,
  };
}

/** A path events take: `send` resolves once the events are durable at their source; arrivals are reported by key. */
interface EventPath {
  send(keys: string[]): Promise<unknown>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every call into @joo/bus and @joo/db is here, so that a renamed API is changed in one place.
 * Each side has its own connection, as two services would.
 */
async function platformPath(bus: TestBus, producer: Pool, consumer: Pool, consumed: (key: string) => void) {
  const source = EntitlementGranted.source;
  const producerBus = await connectBus({ url: bus.url, prefix: bus.prefix, name: 'event-bench-producer' });
  const consumerBus = await connectBus({ url: bus.url, prefix: bus.prefix, name: 'event-bench-consumer' });
  const writer = outboxWriter(source);
  let relay: Relay | null = null;
  let handle: ConsumerHandle | null = null;
  const ctx = { pool: producer, onOutboxWrite: () => relay?.wake() };
  const path = {
    /** One producer transaction: a state row and its event for each key. */
    send: (keys: string[]) => writer.write(ctx, async (tx) => {
      const now = new Date();
      for (const key of keys) {
        await tx.query('INSERT INTO grants (id, granted_at) VALUES ($1, $2)', [key, now]);
        await writer.emit(tx, EntitlementGranted, key, grantOf(key, now), now);
      }
    }),
    async start() {
      relay = startRelay({ pool: producer, bus: producerBus, source, log, listen: true });
      handle = await startConsumer({
        pool: consumer, bus: consumerBus, consumer: 'event_bench', source, types: [EntitlementGranted.type], log,
        concurrency: CONCURRENCY, batchSize: BATCH,
        handle: async (event, tx) => {
          await tx.query('INSERT INTO received (event_id, subject) VALUES ($1, $2)', [event.id, event.subject]);
        },
        afterCommit: (event) => consumed(event.subject),
      });
    },
    async stop() {
      await handle?.stop();
      await relay?.stop();
      handle = relay = null;
    },
    /** Messages in the producer's stream so far. */
    published: async () => (await producerBus.jsm.streams.info(producerBus.streamName(source))).state.messages,
    async close() {
      await path.stop();
      await producerBus.close();
      await consumerBus.close();
    },
  };
  return path;
}

/** Raw JetStream: a stream like the bus's (file storage, the same duplicate window) and a durable pull consumer. */
async function rawPath(bus: TestBus, consumed: (key: string) => void): Promise<EventPath> {
  const js = jetstream(bus.nc);
  const jsm = await jetstreamManager(bus.nc);
  // Under the test prefix, so testBus deletes it with the bus's streams.
  const stream = `${streamNamePrefix(bus.prefix)}RAW_EVENTS`;
  const subject = `${bus.prefix}raw.events`;
  await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File, duplicate_window: DUPLICATE_WINDOW_MS * 1_000_000 });
  await jsm.consumers.add(stream, { durable_name: 'raw', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
  let messages: ConsumerMessages | null = null;
  let loop: Promise<void> = Promise.resolve();
  return {
    send: (keys) => Promise.all(keys.map((key) => {
      const now = new Date();
      const body = { id: randomUUID(), type: EntitlementGranted.type, source: EntitlementGranted.source, time: now.toISOString(), subject: key, data: grantOf(key, now) };
      return js.publish(subject, JSON.stringify(body), { msgID: body.id });
    })),
    async start() {
      // As many pulled ahead as the bus's consumer pulls by default.
      const pulled = await (await js.consumers.get(stream, 'raw')).consume({ max_messages: 32 });
      messages = pulled;
      loop = (async () => {
        for await (const m of pulled) {
          m.ack();
          consumed(m.json<{ subject: string }>().subject);
        }
      })();
    },
    async stop() {
      await messages?.close();
      await loop;
      messages = null;
    },
  };
}

/** Where arrivals go: the meter of the phase being measured. */
let meter = new LagMeter();
const arrived = (key: string) => meter.end(key);

interface SteadyFigures { lag: LatencySummary; send: LatencySummary; rate: number; arrivalRate: number; busy: number; cpu: number; sent: number; errors: number }

/**
 * Sends `seconds` of events at RATE through the running `path`, one `send` each, and waits for all
 * to arrive. The lag is counted from the send's call (`from: 'call'`) or its resolution ('durable').
 */
async function steady(path: EventPath, seconds: number, from: 'call' | 'durable'): Promise<SteadyFigures> {
  meter = new LagMeter();
  const sendMs: number[] = [];
  let settled = 0;
  let errors = 0;
  const count = Math.round(RATE * seconds);
  const before = machineJiffies();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const rate = await openLoop(RATE, count, () => {
    const key = randomUUID();
    const called = performance.now();
    if (from === 'call') meter.start(key, called);
    path.send([key]).then(() => {
      const durable = performance.now();
      sendMs.push(durable - called);
      if (from === 'durable') meter.start(key, durable);
    }, (error: unknown) => {
      errors += 1;
      if (errors <= 3) console.error('send failed:', error);
    }).finally(() => { settled += 1; });
  });
  await until(() => settled === count, SETTLE_MS);
  await meter.completes(count - errors, SETTLE_MS);
  const cpu = cpuShare(cpuBefore, wallBefore);
  // Below the sending rate when the path fell behind: then the lag grew through the run and its
  // percentiles measure the queue, not the path.
  const arrivalRate = (meter.lags.length * 1000) / (meter.lastEndAt - wallBefore);
  return { lag: summarize(meter.lags), send: summarize(sendMs), rate, arrivalRate, busy: busyShare(before, machineJiffies()), cpu, sent: count, errors };
}

/** Sends `keys` through `path` in CHUNK-sized sends, `workers` at a time; resolves with the rate (events/s). */
async function sendAll(path: EventPath, keys: string[], workers: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < keys.length) {
      const chunk = keys.slice(next, next + CHUNK);
      next += chunk.length;
      await path.send(chunk);
    }
  }));
  return (keys.length * 1000) / (performance.now() - started);
}

interface DrainFigures { started: number; rate: number; complete: boolean; arrived: number; busy: number }

/** Starts the stopped `path` with `keys` waiting and times until every one has arrived. */
async function drain(path: EventPath, keys: string[]): Promise<DrainFigures> {
  meter = new LagMeter();
  const started = performance.now();
  for (const key of keys) meter.start(key, started);
  const before = machineJiffies();
  await path.start();
  const complete = await meter.completes(keys.length, DRAIN_TIMEOUT_MS);
  return { started, rate: (meter.lags.length * 1000) / (meter.lastEndAt - started), complete, arrived: meter.lags.length, busy: busyShare(before, machineJiffies()) };
}

const ms = (s: LatencySummary) => `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} / ${s.max.toFixed(1)}`;
const times = (platform: number, raw: number) => `${(platform / raw).toFixed(1)}×`;

function printSteady(label: string, f: SteadyFigures, lagLabel: string, sendLabel: string): void {
  figure(`${label}: sent, achieved rate, machine busy, this process`, `${f.sent} at ${f.rate.toFixed(0)}/s, ${f.busy.toFixed(0)} %, ${f.cpu.toFixed(0)} % of a core`);
  figure(`${label}: arrival rate, first send to last arrival`, `${f.arrivalRate.toFixed(0)}/s${f.arrivalRate < 0.95 * f.rate ? ' (fell behind)' : ''}`);
  figure(`${label}: ${lagLabel} p50 / p99 / max`, ms(f.lag), 'ms');
  figure(`${label}: ${sendLabel} p50 / p99`, `${f.send.p50.toFixed(1)} / ${f.send.p99.toFixed(1)}`, 'ms');
  figure(`${label}: arrived / sent, send errors`, `${f.lag.count} / ${f.sent}, ${f.errors}`);
}

const teardowns: Array<() => unknown> = [];
const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) };
try {
  const bus = await testBus(t);
  const producerDb = await testDatabase(t, { label: 'event_producer', poolSize: 10, migrations: [
    ...busMigrations, { name: '001_grants.sql', sql: 'CREATE TABLE grants (id uuid PRIMARY KEY, granted_at timestamptz NOT NULL)' },
  ] });
  const consumerDb = await testDatabase(t, { label: 'event_consumer', poolSize: 10, migrations: [
    ...busMigrations, { name: '001_received.sql', sql: 'CREATE TABLE received (event_id uuid PRIMARY KEY, subject text NOT NULL)' },
  ] });
  const raw = await rawPath(bus, arrived);
  t.teardown(() => raw.stop());
  const platform = await platformPath(bus, producerDb.pool, consumerDb.pool, arrived);
  t.teardown(() => platform.close());
  console.log(`event path: ${RATE}/s for ${SECONDS} s after ${WARMUP_SECONDS} s, backlog ${BACKLOG}, consumer concurrency ${CONCURRENCY} batch ${BATCH}`);

  await raw.start();
  if (WARMUP_SECONDS > 0) await steady(raw, WARMUP_SECONDS, 'call');
  const rawSteady = await steady(raw, SECONDS, 'call');
  printSteady('raw JetStream', rawSteady, 'publish → consumer acked', 'publish acked');

  await platform.start();
  if (WARMUP_SECONDS > 0) printSteady('platform warm-up (not counted)', await steady(platform, WARMUP_SECONDS, 'durable'), 'commit → inbox commit', 'producer transaction');
  const platformSteady = await steady(platform, SECONDS, 'durable');
  printSteady('platform', platformSteady, 'outbox commit → inbox commit', 'producer transaction');
  figure('platform lag / raw lag: p50, p99', `${times(platformSteady.lag.p50, rawSteady.lag.p50)}, ${times(platformSteady.lag.p99, rawSteady.lag.p99)}`);

  const backlog = () => Array.from({ length: BACKLOG }, () => randomUUID());
  await raw.stop();
  const rawKeys = backlog();
  const rawPublishRate = await sendAll(raw, rawKeys, 1);
  const rawDrain = await drain(raw, rawKeys);
  figure(`raw JetStream backlog of ${BACKLOG}: publish rate (windows of ${CHUNK})`, rawPublishRate, 'events/s');
  figure('raw JetStream backlog: consumed (each acked), machine busy', `${rawDrain.rate.toFixed(0)} events/s, ${rawDrain.busy.toFixed(0)} %`);

  await platform.stop();
  const platformKeys = backlog();
  const fillRate = await sendAll(platform, platformKeys, 4);
  const before = await platform.published();
  let relayDoneAt = Number.NaN;
  const watching = until(async () => (await platform.published()) >= before + BACKLOG, DRAIN_TIMEOUT_MS, 50)
    .then((done) => { if (done) relayDoneAt = performance.now(); });
  const platformDrain = await drain(platform, platformKeys);
  await watching;
  const relayRate = (BACKLOG * 1000) / (relayDoneAt - platformDrain.started);
  figure(`platform backlog of ${BACKLOG}: written (${CHUNK} per transaction, not measured)`, fillRate, 'events/s');
  figure('platform backlog: relay published (stream count, ±50 ms)', relayRate, 'events/s');
  figure('platform backlog: consumer committed all, machine busy', `${platformDrain.rate.toFixed(0)} events/s, ${platformDrain.busy.toFixed(0)} %`);
  if (!platformDrain.complete || !rawDrain.complete) figure('backlog INCOMPLETE: platform, raw arrived', `${platformDrain.arrived}, ${rawDrain.arrived} of ${BACKLOG}`);
  figure('platform / raw: relay publish rate, drain rate', `${((100 * relayRate) / rawPublishRate).toFixed(1)} %, ${((100 * platformDrain.rate) / rawDrain.rate).toFixed(1)} %`);
  figure('machine load average (1 min) at the end', loadavg()[0]!);
} finally {
  for (const fn of teardowns.reverse()) await fn();
}
