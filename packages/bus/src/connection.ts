import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import type { BusLogger } from './log.js';
import { assertSource, eventSubjectFor, streamNameFor, streamSubjectsFor } from './names.js';
import { whileSettling } from './settling.js';
import { ensureStream, openStream, type StreamSpec } from './streams.js';

export interface ConnectBusOptions {
  /** One server, a list, or a comma-separated list (NATS_URL naming every node of a cluster). */
  url: string | string[];
  /** Put before every subject and stream name; empty in production, unique per test file. */
  prefix?: string;
  /** Connection name shown by the server (`nats server report connections`). */
  name: string;
  /** Stream replicas: 1 on a single dev server, 3 in production. */
  replicas?: number;
  /** How long a publish waits for the server's ack, and a JetStream API call for its answer (ms). */
  timeoutMs?: number;
  log?: BusLogger;
}

export interface Bus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly prefix: string;
  readonly replicas: number;
  /** `<PREFIX_>JOO_<SOURCE>` */
  streamName(source: string): string;
  /** `<prefix>joo.<type>` */
  subjectOf(type: string): string;
  /** Creates or updates the stream of a publishing service (its relay calls this). */
  ensureStream(source: string): Promise<StreamInfo>;
  /** Creates the stream if missing, never changes it (consumers call this). */
  openStream(source: string): Promise<StreamInfo>;
  /** Drains the connection: in-flight publishes and acks are flushed. Stop relays and consumers first. */
  close(): Promise<void>;
}

export async function connectBus(options: ConnectBusOptions): Promise<Bus> {
  const prefix = options.prefix ?? '';
  const replicas = options.replicas ?? 1;
  if (prefix !== '' && !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.$/.test(prefix)) {
    throw new Error(`bus prefix must be dot-separated tokens ending in a dot: ${JSON.stringify(prefix)}`);
  }
  // Reconnect forever: a NATS restart must not take the service down; relays and consumers retry.
  // No async traces: by default every request (each JetStream publish) builds two Error objects up
  // front to keep the caller's stack for a failure, which showed in relay profiles; our failures
  // are logged with the subject and source, which say more than that stack.
  const nc = await connect({ servers: serverList(options.url), name: options.name, maxReconnectAttempts: -1, noAsyncTraces: true });
  const timeout = options.timeoutMs ?? 5000;
  const jsm = await jetstreamManager(nc, { timeout });
  const js = jetstream(nc, { timeout });
  if (options.log) void logStatus(nc, options.log);

  const spec = (source: string): StreamSpec => {
    assertSource(source);
    return { name: streamNameFor(prefix, source), subjects: streamSubjectsFor(prefix, source), replicas };
  };
  let closing: Promise<void> | null = null;
  return {
    nc,
    js,
    jsm,
    prefix,
    replicas,
    streamName: (source) => spec(source).name,
    subjectOf: (type) => eventSubjectFor(prefix, type),
    // Called while a service starts: a JetStream that is settling is waited for (settling.ts).
    ensureStream: (source) => whileSettling(() => ensureStream(jsm, spec(source))),
    openStream: (source) => whileSettling(() => openStream(jsm, spec(source))),
    close() {
      closing ??= nc.isClosed() ? Promise.resolve() : nc.drain().catch(() => nc.close());
      return closing;
    },
  };
}

/**
 * NATS_URL may name every node of a cluster, comma-separated, so a service starting while one node
 * is down reaches another; nats.js takes a list but treats a string as one URL.
 */
export function serverList(url: string | string[]): string[] {
  return (Array.isArray(url) ? url : url.split(',')).map((u) => u.trim()).filter((u) => u !== '');
}

async function logStatus(nc: NatsConnection, log: BusLogger): Promise<void> {
  for await (const s of nc.status()) {
    if (s.type === 'disconnect' || s.type === 'error') log.warn({ nats: s }, 'nats connection trouble');
    else if (s.type === 'reconnect') log.info({ nats: s }, 'nats reconnected');
  }
}
