/**
 * Login throughput against the cost floor: how many argon2id hashes per second this machine does
 * with identity's parameters, and how many logins per second identity serves (each login is one
 * argon2id verify plus its SQL). Goal: logins ≥ 85% of raw hashes.
 *
 * This machine's speed drifts by ±10% over a minute (shared cores), so the two are measured in
 * alternating windows and compared round by round; the median round is the figure.
 *
 * In production identity has cores of its own and PostgreSQL runs elsewhere; here everything
 * shares two cores. So identity (and the raw hashing it is compared with) is pinned to core 0,
 * and the load generator to core 1, where PostgreSQL also mostly runs. `BENCH_PIN=0` measures
 * without pinning: then PostgreSQL, NATS and the load generator all take from the hashing cores.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { hash } from '@node-rs/argon2';
// The very parameters identity hashes with, so the comparison is like for like.
import { ARGON2_OPTIONS } from '../services/identity/dist/crypto/passwords.js';
import { benchPlatform, figure, load, registerStudents, STUDENT } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CORES = availableParallelism();
const PIN = process.env.BENCH_PIN !== '0' && CORES >= 2;
const CONCURRENCY = PIN ? 4 : Math.max(4, CORES * 2);

/** Moves every thread of a process to one core (taskset from util-linux). */
function pin(pid: number, core: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}
// Enough logins in flight that the hashing threads never wait for one that is in its SQL phase.
const CONNECTIONS = Number(process.env.BENCH_LOGIN_CONNECTIONS ?? 32);

async function rawHashesPerSecond(): Promise<number> {
  const deadline = Date.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < deadline) {
      await hash(STUDENT.password, ARGON2_OPTIONS);
      done += 1;
    }
  }));
  return done / SECONDS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { platform, close } = await benchPlatform();
try {
  if (PIN) pin(platform.services.identity!.process.pid!, 0);
  // One student per connection, as in life: concurrent sign-ins of one account count against its
  // throttle while their passwords are checked.
  const bodies = await registerStudents(platform.gatewayUrl, CONNECTIONS);
  let next = 0;
  const rounds: Array<{ raw: number; login: number; p99: number; failed: number }> = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (PIN) pin(process.pid, 0);
    const raw = await rawHashesPerSecond();
    if (PIN) pin(process.pid, 1);
    const run = await load({
      url: `${platform.services.identity!.url}/v1/identity/login`, method: 'POST', body: bodies[0]!,
      headers: { 'content-type': 'application/json' }, connections: CONNECTIONS, duration: SECONDS,
      setupClient: (client) => client.setBody(bodies[next++ % bodies.length]!),
    });
    rounds.push({ raw, login: run.requestsPerSecond, p99: run.p99, failed: run.errors + run.non2xx });
    figure(`round ${i + 1}: raw argon2id /s | login req/s | ratio`, `${raw.toFixed(1)} | ${run.requestsPerSecond.toFixed(1)} | ${(100 * run.requestsPerSecond / raw).toFixed(1)} %`);
  }
  figure('cores', PIN ? `${CORES} (identity and the raw hashing pinned to core 0)` : `${CORES} (unpinned)`);
  figure(`raw argon2id hashes/s (19 MiB, t=2, p=1, ${CONCURRENCY} at once), median`, median(rounds.map((r) => r.raw)), '/s');
  figure('identity POST /v1/identity/login req/s (direct), median', median(rounds.map((r) => r.login)), '/s');
  figure('identity POST /v1/identity/login p99, median', median(rounds.map((r) => r.p99)), 'ms');
  figure('failed requests (errors + non-2xx), all rounds', rounds.reduce((n, r) => n + r.failed, 0));
  figure('login throughput vs raw argon2id, median round', median(rounds.map((r) => (100 * r.login) / r.raw)), '% (goal ≥ 85%)');
} finally {
  await close();
}
