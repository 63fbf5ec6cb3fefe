/**
 * Load isolation and memory. A flood of `POST /v1/identity/login` through the gateway (each one an
 * argon2id verification, the most CPU a request costs) must not starve the other routes: while it
 * runs, content reads (`GET /v1/catalog/content/:id` with an entitlement), `GET /v1/identity/me`
 * and the catalog list (`GET /v1/catalog/products`) are loaded at the same steady rate as in a
 * baseline without the flood, and their p99 under flood is compared with the baseline's (goal ≤ 2×).
 *
 * Memory: each service process's resident set (VmRSS of /proc/<pid>/status) once the platform is
 * up and has served the setup requests (idle; goal ≤ 120 MB each), its highest sample during the
 * flood (loaded), and the kernel's high-water mark (VmHWM) at the end.
 *
 * BENCH_SECONDS (default 10) is the length of each phase; BENCH_RATE (default 40) the requests/s
 * of each measured route; BENCH_FLOOD_CONNECTIONS (default 32) the login flood's connections.
 * Everything shares the machine's cores, the load generator included: compare runs made under the
 * same load (the script prints the load average).
 */
import { readFileSync } from 'node:fs';
import { benchPlatform, figure, grantLesson, json, LESSON_ID, load, registerStudents, type LoadResult } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 40);
const FLOOD_CONNECTIONS = Number(process.env.BENCH_FLOOD_CONNECTIONS ?? 32);
// identity counts attempts in flight against an account's limit of 5 (so a burst cannot outrun the
// throttle): each account gets at most 4 of the flood's connections, or the flood measures 429s.
const CONNECTIONS_PER_ACCOUNT = 4;
const FLOOD_ACCOUNTS = Math.ceil(FLOOD_CONNECTIONS / CONNECTIONS_PER_ACCOUNT);
const IDLE_RSS_GOAL_MB = 120;

/** A field of /proc/<pid>/status in MB (VmRSS, VmHWM), or NaN when the process is gone. */
function statusMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return Number(line!.split(/\s+/)[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

const { platform, close } = await benchPlatform();
try {
  const gw = platform.gatewayUrl;
  const bodies = await registerStudents(gw, FLOOD_ACCOUNTS + 1);
  const { accessToken } = await json(`${gw}/v1/identity/login`, 'POST', JSON.parse(bodies[0]!));
  await grantLesson(platform, accessToken);
  const listed = await json(`${gw}/v1/catalog/products`, 'GET');
  if (!Array.isArray(listed.items ?? listed)) throw new Error('the catalog list did not answer a list');

  const headers = { authorization: `Bearer ${accessToken}` };
  const routes = {
    'content read': { url: `${gw}/v1/catalog/content/${LESSON_ID}`, headers },
    '/me': { url: `${gw}/v1/identity/me`, headers },
    'catalog list': { url: `${gw}/v1/catalog/products` },
  };
  // The same offered load in both phases, so only the flood differs.
  const measureRoutes = () => Promise.all(Object.entries(routes).map(async ([name, r]) => [name, await load({ ...r, connections: 4, overallRate: RATE, duration: SECONDS })] as const));
  const pids = Object.fromEntries(Object.entries(platform.services).map(([name, s]) => [name, s.process.pid]));

  await new Promise((resolve) => setTimeout(resolve, 2000));
  const idleRss = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, statusMb(pid, 'VmRSS')]));

  const baseline = new Map(await measureRoutes());

  const loadedRss: Record<string, number> = { ...idleRss };
  const sampler = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) loadedRss[name] = Math.max(loadedRss[name]!, statusMb(pid, 'VmRSS'));
  }, 250);
  let flood: LoadResult;
  let underFlood: Map<string, LoadResult>;
  try {
    const floodBodies = bodies.slice(1);
    let connection = 0;
    const floodRun = load({
      url: `${gw}/v1/identity/login`, method: 'POST', headers: { 'content-type': 'application/json' },
      connections: FLOOD_CONNECTIONS, duration: SECONDS + 2,
      setupClient: (client) => client.setBody(floodBodies[(connection += 1) % floodBodies.length]!),
    });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the flood is under way before measuring
    underFlood = new Map(await measureRoutes());
    flood = await floodRun;
  } finally {
    clearInterval(sampler);
  }

  console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${SECONDS} s per phase, ${RATE} req/s per route`);
  figure('login flood req/s (argon2id each)', flood.requestsPerSecond, '/s');
  figure('login flood p99', flood.p99, 'ms');
  figure('login flood errors / non-2xx', `${flood.errors} / ${flood.non2xx} (status codes ${flood.statusCodes})`);
  for (const [name, base] of baseline) {
    const loaded = underFlood.get(name)!;
    figure(`${name} p99 baseline`, base.p99, 'ms');
    figure(`${name} p99 under login flood`, loaded.p99, 'ms');
    figure(`${name} p99 ratio (goal ≤ 2×)`, loaded.p99 / base.p99, '×');
    figure(`${name} req/s baseline / under flood`, `${base.requestsPerSecond.toFixed(1)} / ${loaded.requestsPerSecond.toFixed(1)}`);
    figure(`${name} errors / non-2xx: baseline, flood`, `${base.errors} / ${base.non2xx}, ${loaded.errors} / ${loaded.non2xx}`);
  }
  for (const [name, pid] of Object.entries(pids)) {
    const idle = idleRss[name]!;
    figure(`${name} RSS idle${idle > IDLE_RSS_GOAL_MB ? ` (over the ${IDLE_RSS_GOAL_MB} MB goal)` : ''}`, idle, 'MB');
    figure(`${name} RSS loaded (top sample) / high-water mark`, `${loadedRss[name]!.toFixed(1)} / ${statusMb(pid, 'VmHWM').toFixed(1)}`, 'MB');
  }
} finally {
  await close();
}
