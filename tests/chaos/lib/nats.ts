/**
 * A NATS JetStream of the chaos run's own: one nats-server, or three clustered (routes between
 * them, one cluster name, a server_name each), on private ports with private store directories,
 * so that killing it never touches the shared server other tests use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reservePort } from '@joo/testing';
import { getStatus, waitFor } from './http.js';

export interface NatsNode {
  name: string;
  url: string;
  monitorUrl: string;
  /** SIGKILL: a crash as far as clients and the other nodes can tell. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and store; resolves once it reports healthy. */
  start(): Promise<void>;
  running(): boolean;
}

export interface ConsumerBacklog {
  stream: string;
  name: string;
  pending: number;
  ackPending: number;
  leader: string | null;
}

interface JszConsumer { name: string; stream_name: string; num_pending?: number; num_ack_pending?: number; cluster?: { leader?: string } }
type Jsz = {
  server_name?: string;
  account_details?: Array<{ stream_detail?: Array<{ name: string; config?: { num_replicas?: number }; state?: { messages?: number }; consumer_detail?: JszConsumer[] }> }>;
};

async function jsz(node: NatsNode, what: string): Promise<Jsz> {
  const res = await fetch(`${node.monitorUrl}/jsz?accounts=true&streams=true&${what}`, { signal: AbortSignal.timeout(5000) });
  return (await res.json()) as Jsz;
}

export interface PrivateNats {
  nodes: NatsNode[];
  /** Every node's URL, comma-separated, as NATS_URL takes them. */
  url: string;
  /** Stream replicas to ask for: 3 on the cluster, 1 on a single server. */
  replicas: number;
  /** The streams as a running node's monitoring endpoint (/jsz) shows them, with their replicas. */
  streams(): Promise<Array<{ name: string; replicas: number; messages: number }>>;
  /** Each durable consumer's backlog as its leader node reports it: not yet delivered, delivered but not acknowledged. */
  consumers(): Promise<ConsumerBacklog[]>;
  stop(): Promise<void>;
}

async function ports(count: number): Promise<number[]> {
  const held = [];
  for (let i = 0; i < count; i++) held.push(await reservePort());
  await Promise.all(held.map((p) => p.release()));
  return held.map((p) => p.port);
}

export async function startNats(options: { cluster: boolean }): Promise<PrivateNats> {
  const size = options.cluster ? 3 : 1;
  const dir = await mkdtemp(join(tmpdir(), 'joo-chaos-nats-'));
  const client = await ports(size);
  const route = await ports(size);
  const monitor = await ports(size);
  const nodes: NatsNode[] = [];
  for (let i = 0; i < size; i++) {
    const name = `chaos-n${i + 1}`;
    const args = ['-a', '127.0.0.1', '-p', String(client[i]), '-m', String(monitor[i]), '-js', '-sd', join(dir, name), '-n', name];
    if (options.cluster) {
      const routes = route.filter((_, j) => j !== i).map((p) => `nats://127.0.0.1:${p}`).join(',');
      args.push('--cluster_name', 'joo-chaos', '--cluster', `nats://127.0.0.1:${route[i]}`, '--routes', routes);
    }
    let proc: ChildProcess | null = null;
    const output: string[] = [];
    const healthy = async () => {
      // /healthz answers 200 once JetStream is up (and, clustered, has caught up with its peers).
      await waitFor(`${name} to be healthy`, async () => (await getStatus(`http://127.0.0.1:${monitor[i]}/healthz`)) === 200, 60_000, () => output.slice(-20).join(''));
    };
    const start = async () => {
      if (proc) return;
      const p = spawn('nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (c: Buffer) => { output.push(c.toString()); if (output.length > 200) output.shift(); };
      p.stdout?.on('data', keep);
      p.stderr?.on('data', keep);
      p.once('exit', () => { if (proc === p) proc = null; });
      proc = p;
      await healthy();
    };
    const kill = async () => {
      const p = proc;
      if (!p) return;
      const gone = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await gone;
    };
    nodes.push({ name, url: `nats://127.0.0.1:${client[i]}`, monitorUrl: `http://127.0.0.1:${monitor[i]}`, kill, start, running: () => proc !== null });
  }
  // Clustered nodes wait for each other before they call themselves healthy: start them together.
  await Promise.all(nodes.map((n) => n.start()));
  return {
    nodes,
    url: nodes.map((n) => n.url).join(','),
    replicas: size,
    streams: async () => {
      const node = nodes.find((n) => n.running())!;
      const found = await jsz(node, 'config=true');
      return (found.account_details ?? []).flatMap((a) => a.stream_detail ?? []).map((d) => ({
        name: d.name, replicas: d.config?.num_replicas ?? 1, messages: d.state?.messages ?? 0,
      }));
    },
    consumers: async () => {
      // A follower's view of a consumer lags its leader's: each consumer is read from its leader.
      const byName = new Map<string, ConsumerBacklog>();
      for (const node of nodes.filter((n) => n.running())) {
        const found = await jsz(node, 'consumers=true').catch(() => null);
        for (const c of (found?.account_details ?? []).flatMap((a) => a.stream_detail ?? []).flatMap((d) => d.consumer_detail ?? [])) {
          const key = `${c.stream_name}/${c.name}`;
          const leader = c.cluster?.leader ?? null;
          if (byName.has(key) && leader !== node.name) continue;
          byName.set(key, { stream: c.stream_name, name: c.name, pending: c.num_pending ?? 0, ackPending: c.num_ack_pending ?? 0, leader });
        }
      }
      return [...byName.values()];
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => n.kill()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
