/**
 * The nemesis: one fault at a time, in a fixed rotation (at least once round), until the time is up. Each service's
 * replicas are killed with SIGKILL in turn (and started again), NATS (every node in turn, when
 * clustered) and PostgreSQL are killed and restarted, the partner university goes down, then
 * answers 500, then answers slowly, and the e-mail and SMS providers hold their answers past the
 * sender's timeout after accepting the message. After each fault heals, the time until the
 * platform serves again is its recovery time.
 */
import type { ChaosPlatform } from './platform.js';
import { getStatus, waitFor } from './http.js';

export interface Fault { kind: string; target: string; startedAt: number; recoveryMs: number }

type Step = { kind: string; target: string; inject: () => Promise<void> };

const REPLICA_DOWN_MS = 2000;
const SERVER_DOWN_MS = 3000;
// Shorter than leads' first retry (5 s): a delivery fails at most once per fault and is retried
// soon after; longer faults reach the 5-minute retry, which only waits longer, proving nothing more.
const PARTNER_FAULT_MS = 4000;
const GAP_MS = 2000;

/** Pending work in a service's tables: what must drain before a fault counts as healed. */
async function count(platform: ChaosPlatform, service: string, sql: string): Promise<number> {
  const db = platform.databases[service];
  if (!db) return 0;
  return Number((await db.pool.query<{ n: string }>(sql)).rows[0]!.n);
}

function rotation(platform: ChaosPlatform, round: number): Step[] {
  const { partner, sendgrid, twilio } = platform.providers;
  const services = [...new Set(platform.replicas.map((r) => r.service))];
  const replicaSteps: Step[] = services.map((service) => {
    const mine = platform.replicas.filter((r) => r.service === service);
    const victim = mine[round % mine.length]!;
    return { kind: 'kill -9 service replica', target: victim.label, inject: async () => { await victim.crash(REPLICA_DOWN_MS); } };
  });
  const node = platform.nats.nodes[round % platform.nats.nodes.length]!;
  const others: Step[] = [
    { kind: 'kill -9 NATS', target: node.name, inject: async () => { await node.kill(); await sleep(SERVER_DOWN_MS); await node.start(); } },
    { kind: 'kill -9 PostgreSQL', target: 'postgres', inject: async () => { await platform.postgres.kill(); await sleep(SERVER_DOWN_MS); await platform.postgres.start(); } },
    { kind: 'partner down', target: 'partner', inject: async () => { partner.setMode({ kind: 'down' }); await sleep(PARTNER_FAULT_MS); partner.setMode({ kind: 'ok' }); } },
    { kind: 'partner answers 500', target: 'partner', inject: async () => { partner.setMode({ kind: 'failing', status: 500 }); await sleep(PARTNER_FAULT_MS); partner.setMode({ kind: 'ok' }); } },
    { kind: 'partner slow', target: 'partner', inject: async () => { partner.setMode({ kind: 'slow', delayMs: 3000 }); await sleep(PARTNER_FAULT_MS); partner.setMode({ kind: 'ok' }); } },
    {
      kind: 'providers delayed', target: 'sendgrid+twilio', inject: async () => {
        // accepted, then the answer held past the sender's timeout: the case that tempts a resend
        sendgrid.fail(3, { delayMs: 15_000, accept: true });
        twilio.fail(3, { delayMs: 15_000, accept: true });
        await sleep(PARTNER_FAULT_MS);
      },
    },
    { kind: 'kill -9 gateway', target: 'gateway', inject: async () => { await platform.gateway.crash(REPLICA_DOWN_MS); } },
  ];
  // Interleaved, so that each kind of fault lands within the first minutes of a short run.
  const steps: Step[] = [];
  for (let i = 0; i < Math.max(replicaSteps.length, others.length); i++) {
    if (replicaSteps[i]) steps.push(replicaSteps[i]!);
    if (others[i]) steps.push(others[i]!);
  }
  return steps;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every replica ready and the gateway serving a catalog read, and the fault's own backlog drained. */
async function recovered(platform: ChaosPlatform, kind: string): Promise<void> {
  await platform.waitAllReady(180_000);
  await waitFor('the gateway to serve', async () => (await getStatus(`${platform.gatewayUrl}/v1/catalog/products`)) === 200, 180_000);
  if (kind.startsWith('partner')) {
    await waitFor('lead deliveries to drain', async () => (await count(platform, 'leads', `SELECT count(*) AS n FROM deliveries WHERE status = 'pending'`)) === 0, 300_000);
  }
  if (kind === 'providers delayed') {
    await waitFor('messages to go out', async () => (await count(platform, 'notifications', `SELECT count(*) AS n FROM messages WHERE status IN ('pending', 'sending')`)) === 0, 300_000);
  }
}

/** `only`: the kinds of fault to inject (all when absent), e.g. `['kill -9 NATS']` for the cluster test. */
export async function runNemesis(platform: ChaosPlatform, until: number, log: (line: string) => void, options: { signal?: AbortSignal; only?: string[] } = {}): Promise<Fault[]> {
  const { signal, only } = options;
  const faults: Fault[] = [];
  // The first round always completes, so that every kind of fault is injected however slow the
  // machine; later rounds run while time is left.
  const over = (round: number) => signal?.aborted === true || (round > 0 && Date.now() >= until);
  for (let round = 0; !over(round); round++) {
    for (const step of rotation(platform, round).filter((s) => !only || only.includes(s.kind))) {
      if (over(round)) break;
      const startedAt = Date.now();
      await step.inject();
      const healedAt = Date.now();
      await recovered(platform, step.kind);
      const fault = { kind: step.kind, target: step.target, startedAt, recoveryMs: Date.now() - healedAt };
      faults.push(fault);
      log(`${step.kind} (${step.target}): recovered ${fault.recoveryMs} ms after it healed`);
      await sleep(GAP_MS);
    }
  }
  return faults;
}
