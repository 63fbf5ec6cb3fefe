/**
 * One chaos run: the platform, the workload, the nemesis for `seconds`, then the settling, the
 * checks after recovery and the checker. Everything started is stopped and removed at the end,
 * whatever happened. Used by `pnpm chaos` (scripts/chaos.ts) and tests/chaos/*.test.ts.
 */
import { createJooClient } from '@joo/client';
import { check, settle, type Verdict } from './checker.js';
import { Cleanup } from './cleanup.js';
import { runNemesis, type Fault } from './nemesis.js';
import { startChaosPlatform } from './platform.js';
import { Answers } from './stats.js';
import { startWorkload } from './workload.js';

export interface ChaosOptions {
  seconds: number;
  cluster: boolean;
  allServices: boolean;
  concurrency: number;
  log: (line: string) => void;
  /** Set by the caller to end the run early (Ctrl-C): the nemesis stops, the checks still run. */
  signal?: AbortSignal;
  /** Only these kinds of fault (see nemesis.ts); all when absent. */
  only?: string[];
}

export interface ChaosResult extends Verdict {
  faults: Fault[];
  /** 5xx answers and failed connections of the checks after recovery: must be none. */
  afterRecovery: string[];
  answers: Record<string, number>;
  /** The answers other than 2xx by step and status (a step repeats until it succeeds). */
  notOk: string[];
  journeys: { users: number; paidOrders: number; approvedRefunds: number; leads: number; stuck: string[] };
  setupMs: number;
  settleMs: number;
  /** The JetStream streams at the end, with their replicas (3 on the cluster). */
  streams: Array<{ name: string; replicas: number; messages: number }>;
}

const PROBES = ['/v1/billing/me/orders', '/v1/catalog/me/entitlements', '/v1/leads/me', '/v1/notifications/me', '/v1/refunds/me/applications'] as const;

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const cleanup = new Cleanup();
  const began = Date.now();
  try {
    options.log(`starting the platform (${options.cluster ? 'three-node NATS cluster, R3 streams' : 'one NATS server'})`);
    const platform = await startChaosPlatform(cleanup, { cluster: options.cluster, allServices: options.allServices, log: options.log });
    const setupMs = Date.now() - began;
    options.log(`platform ready in ${setupMs} ms: ${platform.replicas.length} service replicas and the gateway on ${platform.gatewayUrl}`);

    // The partner university with a webhook, on the fake partner.
    const visitor = createJooClient({ baseUrl: platform.gatewayUrl });
    const admin = createJooClient({ baseUrl: platform.gatewayUrl });
    await admin.signIn({ login: platform.admin.email, password: platform.admin.password, device: { id: 'setup', name: 'setup' } });
    const university = (await visitor.get('/v1/leads/universities')).items[0]!;
    const created = await admin.post('/v1/leads/admin/partners', { body: { universityId: university.id, webhookUrl: platform.providers.partner.url } });
    platform.providers.partner.setSecrets([created.webhookSecret]);

    const answers = new Answers();
    const workload = await startWorkload({
      baseUrl: platform.gatewayUrl, answers, admin: platform.admin, partnerUniversityId: university.id, programmeId: university.programmes[0]!.id, concurrency: options.concurrency,
    });
    const until = Date.now() + options.seconds * 1000;
    const faults = await runNemesis(platform, until, options.log, { signal: options.signal, only: options.only });
    options.log(`nemesis done: ${faults.length} faults; letting the journeys finish`);
    await workload.finish();

    const settleStarted = Date.now();
    await platform.waitAllReady(180_000);
    const unsettled = await settle(platform, 180_000);
    const settleMs = Date.now() - settleStarted;
    options.log(`settled in ${settleMs} ms${unsettled.length ? ` (still pending: ${unsettled.join('; ')})` : ''}`);
    // What the replicas of a service with work left said last: the start of any diagnosis.
    for (const r of platform.replicas.filter((r) => unsettled.some((u) => u.includes(r.service)))) {
      options.log(`${r.label} said last:\n${r.output().split('\n').slice(-20).join('\n')}`);
    }

    // After recovery nothing may answer 5xx.
    const afterRecovery: string[] = [];
    const probe = async (label: string, call: () => Promise<{ response: Response }>) => {
      try {
        const { response } = await call();
        if (response.status >= 500) afterRecovery.push(`${label}: ${response.status}`);
      } catch (error) {
        afterRecovery.push(`${label}: no answer (${(error as Error).message})`);
      }
    };
    await probe('GET /v1/catalog/products', () => visitor.api.GET('/v1/catalog/products'));
    for (const joo of workload.students.slice(0, 30)) {
      for (const path of PROBES) await probe(`GET ${path}`, () => joo.api.GET(path));
    }

    const verdict = await check(platform, workload.confirmed, unsettled);
    const streams = await platform.nats.streams();
    const { confirmed } = workload;
    // A journey stuck behind a confirmed step is an effect that never came (an event lost on the way).
    verdict.violations.push(...confirmed.stuck.map((s) => `stuck: ${s}`), ...afterRecovery.map((a) => `after recovery: ${a}`));
    return {
      ...verdict, faults, afterRecovery, answers: answers.summary(), notOk: answers.notOkByStep(), setupMs, settleMs, streams,
      journeys: { users: confirmed.users.length, paidOrders: confirmed.paidOrders.length, approvedRefunds: confirmed.approvedRefunds.length, leads: confirmed.leads.length, stuck: confirmed.stuck },
    };
  } finally {
    options.log('stopping and removing everything the run started');
    await cleanup.run();
  }
}

/** The figures, as `pnpm chaos` prints them and the ADR quotes them. */
export function report(result: ChaosResult): string {
  const byKind = new Map<string, number[]>();
  for (const f of result.faults) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f.recoveryMs]);
  const lines = ['faults injected (kind: count, recovery after healing median / max ms):'];
  for (const [kind, times] of byKind) {
    const sorted = [...times].sort((a, b) => a - b);
    lines.push(`  ${kind}: ${times.length}, ${sorted[Math.floor(sorted.length / 2)]} / ${sorted[sorted.length - 1]}`);
  }
  const j = result.journeys;
  lines.push(`journeys: ${j.users} students, ${j.paidOrders} payments confirmed, ${j.approvedRefunds} refunds approved, ${j.leads} leads; ${j.stuck.length} stuck`);
  lines.push(`effects checked: ${Object.entries(result.checked).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  lines.push(`lost: ${result.lost}, doubled: ${result.doubled}`);
  lines.push(`answers during the run: ${Object.entries(result.answers).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (result.notOk.length > 0) lines.push(`  not 2xx, by step: ${result.notOk.join(', ')}`);
  lines.push(`5xx after recovery: ${result.afterRecovery.length}`);
  lines.push(`streams: ${result.streams.map((s) => `${s.name} R${s.replicas} (${s.messages} messages)`).join(', ')}`);
  lines.push(`setup ${result.setupMs} ms, settling ${result.settleMs} ms`);
  lines.push(result.violations.length ? `VIOLATIONS (${result.violations.length}):\n  ${result.violations.join('\n  ')}` : 'violations: none');
  return lines.join('\n');
}
