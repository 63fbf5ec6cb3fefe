import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { startPlatform, type Platform } from '@joo/testing';

/** Runs the real platform (built dist, fresh databases) outside tap; `close()` tears it all down. */
export async function benchPlatform(): Promise<{ platform: Platform; close: () => Promise<void> }> {
  const teardowns: Array<() => unknown> = [];
  // The gateway's rate limits would turn a load test into a 429 test: lift them here.
  const unlimited = { RATE_LIMIT_IP_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000' };
  const platform = await startPlatform({ teardown: (fn) => void teardowns.push(fn) }, { env: { gateway: unlimited, identity: { UV_THREADPOOL_SIZE: process.env.IDENTITY_UV_THREADPOOL_SIZE ?? '' } } });
  return {
    platform,
    close: async () => {
      await platform.stop();
      for (const fn of teardowns.reverse()) await fn();
    },
  };
}

export interface LoadResult { requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number; statusCodes: string }

export async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ duration: 10, connections: 16, ...options });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${code}×${count ?? 0}`).join(' '),
  };
}

export async function json(url: string, method: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await res.json().catch(() => undefined);
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

export const STUDENT = {
  fullName: 'Bench Student', region: 'almaty', email: 'bench@example.kz', phone: '+7 701 555 44 33',
  password: 'bench-passphrase-2026', locale: 'ru' as const, acceptOffer: true,
};

/** Registers `count` students; returns the login body of each. */
export async function registerStudents(gatewayUrl: string, count: number): Promise<string[]> {
  const offer = await json(`${gatewayUrl}/v1/identity/offers/current`, 'GET');
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = i === 0 ? STUDENT.email : `bench${i}@example.kz`;
    const phone = i === 0 ? STUDENT.phone : `+7701555${String(1000 + i)}`;
    await json(`${gatewayUrl}/v1/identity/register`, 'POST', { ...STUDENT, email, phone, offerVersion: offer.version });
    bodies.push(JSON.stringify({ login: email, password: STUDENT.password, device: { id: 'bench', name: 'Bench' } }));
  }
  return bodies;
}

export async function registerAndLogin(gatewayUrl: string): Promise<{ accessToken: string }> {
  const [body] = await registerStudents(gatewayUrl, 1);
  return json(`${gatewayUrl}/v1/identity/login`, 'POST', JSON.parse(body!));
}

/** The seeded standard package and one of its lessons (catalog's seed). */
export const STANDARD_PACKAGE_ID = '01940000-0000-7000-8000-000000000001';
export const LESSON_ID = '01940000-0000-7000-8000-0000000c0001';

/** Grants the student holding `accessToken` the standard package, as the seeded admin, and checks the lesson opens. */
export async function grantLesson(platform: Platform, accessToken: string): Promise<void> {
  const gw = platform.gatewayUrl;
  const me = await json(`${gw}/v1/identity/me`, 'GET', undefined, accessToken);
  const admin = await json(`${gw}/v1/identity/login`, 'POST', {
    login: platform.admin.email, password: platform.admin.password, device: { id: 'bench-admin', name: 'Bench admin' },
  });
  await json(`${gw}/v1/catalog/admin/entitlements`, 'POST', { userId: me.id, productId: STANDARD_PACKAGE_ID }, admin.accessToken);
  const opened = await json(`${gw}/v1/catalog/content/${LESSON_ID}`, 'GET', undefined, accessToken);
  if (!opened.playbackUrl) throw new Error('the student cannot open the lesson');
}

export function figure(label: string, value: number | string, unit = ''): void {
  console.log(`${label.padEnd(52)} ${typeof value === 'number' ? value.toFixed(1) : value} ${unit}`.trimEnd());
}

/** CPU time (ms, user + system) a process has used so far, from /proc (Linux), or NaN elsewhere. */
export function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (ms) used so far by the children of a process that have ended and been reaped (cutime + cstime). */
function endedChildrenCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

/**
 * CPU time (ms) used so far by every process whose command name is `comm` (all of PostgreSQL's
 * backends, say), and by those of their children that have ended: a backend whose pool connection
 * closed mid-run leaves its CPU in the postmaster's children time, not in any live process.
 */
export function commandCpuMs(comm: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) total += processCpuMs(Number(pid)) + endedChildrenCpuMs(Number(pid));
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** Busy and total jiffies of the whole machine (every core), from /proc/stat. */
export function machineJiffies(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3]! - f[4]!, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

/** The share (%) of the machine's cores that were busy between two machineJiffies() readings. */
export function busyShare(before: { busy: number; total: number }, after: { busy: number; total: number }): number {
  return (100 * (after.busy - before.busy)) / (after.total - before.total);
}

/** The `p`-th percentile of ascending `sorted` (nearest rank), NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
}

export interface LatencySummary { count: number; p50: number; p99: number; max: number }

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/**
 * Calls `fire(i)` for each i below `count` at `rate` per second on an open-loop schedule, whatever
 * the calls do meanwhile (`fire` must not block), as independent users would. Resolves once the
 * last call was made, with the rate achieved (lower than asked when this process could not keep up).
 */
export async function openLoop(rate: number, count: number, fire: (i: number) => void): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    fire(i);
  }
  return (count * 1000) / (performance.now() - started);
}

/** Polls `done` every `everyMs` until it holds or `timeoutMs` has passed; resolves with whether it held. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 10): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Pairs a start and an end time (performance.now() ms) per key, whichever is seen first, and keeps
 * each pair's lag: the end of a message may be observed before the code that sent it resumes.
 */
export class LagMeter {
  readonly lags: number[] = [];
  /** The latest end time of a completed pair (0 before any). */
  lastEndAt = 0;
  readonly #starts = new Map<string, number>();
  readonly #ends = new Map<string, number>();

  start(key: string, at = performance.now()): void {
    const end = this.#ends.get(key);
    if (end === undefined) this.#starts.set(key, at);
    else this.#pair(key, at, end);
  }

  end(key: string, at = performance.now()): void {
    const start = this.#starts.get(key);
    if (start === undefined) this.#ends.set(key, at);
    else this.#pair(key, start, at);
  }

  /** Resolves once `count` pairs are complete or `timeoutMs` has passed, with whether they are. */
  completes(count: number, timeoutMs: number): Promise<boolean> {
    return until(() => this.lags.length >= count, timeoutMs);
  }

  #pair(key: string, start: number, end: number): void {
    this.#starts.delete(key);
    this.#ends.delete(key);
    this.lags.push(end - start);
    this.lastEndAt = Math.max(this.lastEndAt, end);
  }
}

/** The share (%) of one core this process has used since `before` (process.cpuUsage()) was taken at `wallBefore` (performance.now()). */
export function cpuShare(before: NodeJS.CpuUsage, wallBefore: number): number {
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / (performance.now() - wallBefore)) * 100;
}
