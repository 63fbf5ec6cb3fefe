/** Sends fuzzed requests to a running gateway and checks every answer; returns the figures. */
import { Agent, request } from 'node:http';
import type { Fixtures } from './fixtures.js';
import type { Operation } from './openapi.js';
import { draw, resolve, type Concrete } from './requests.js';

export interface Answer { status: number; contentType: string; body: string }

export interface Failure { index: number; replay: string; operationId: string; request: string; problem: string }

export interface Figures {
  requests: number;
  /** operationId → status class ('2xx', '4xx', ...) → count */
  byOperation: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
  serverErrors: number;
  failures: Failure[];
  ms: number;
}

/** What is wrong with an answer, or null: never a 5xx; every error a problem whose `status` is the HTTP status. */
export function judge(answer: Answer): string | null {
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (answer.status < 400) return null;
  if (!/^application\/problem\+json/i.test(answer.contentType)) return `a ${answer.status} as ${answer.contentType || 'no content-type'}, not application/problem+json`;
  let problem: { type?: unknown; title?: unknown; status?: unknown };
  try { problem = JSON.parse(answer.body); } catch { return `a ${answer.status} whose problem+json body does not parse`; }
  if (typeof problem.type !== 'string' || typeof problem.title !== 'string') return `a ${answer.status} problem without type or title`;
  if (problem.status !== answer.status) return `a ${answer.status} problem whose status says ${String(problem.status)}`;
  return null;
}

export function send(baseUrl: string, agent: Agent, req: Concrete, timeoutMs = 60_000): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((done, fail) => {
    let r;
    try {
      r = request({ agent, host: url.hostname, port: url.port, method: req.method, path: req.path, headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) }, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString() }));
        res.on('error', fail);
      });
    } catch (error) { fail(error); return; }
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', fail);
    r.end(req.body);
  });
}

export const describe = (req: Concrete): string =>
  `${req.identity} ${req.method} ${req.path.slice(0, 300)} ${JSON.stringify(req.headers).slice(0, 400)} ${req.body ? req.body.toString().slice(0, 300) : '(no body)'}`;

export interface RunOptions { seed: number; requests: number; concurrency?: number; from?: number; onProgress?: (done: number) => void }

export async function runFuzz(baseUrl: string, ops: Operation[], f: Fixtures, options: RunOptions): Promise<Figures> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency ?? 6 });
  const figures: Figures = { requests: 0, byOperation: {}, byStatus: {}, serverErrors: 0, failures: [], ms: 0 };
  const started = Date.now();
  const from = options.from ?? 0;
  let next = from;
  const worker = async () => {
    while (next < from + options.requests) {
      const index = next++;
      const { op, drawn } = draw(ops, options.seed, index);
      const req = resolve(op, drawn, f, `fuzz-${options.seed}-${index}`);
      let problem: string | null;
      let status = 'no answer';
      try {
        const answer = await send(baseUrl, agent, req);
        status = `${Math.floor(answer.status / 100)}xx`;
        figures.byStatus[answer.status] = (figures.byStatus[answer.status] ?? 0) + 1;
        if (answer.status >= 500) figures.serverErrors += 1;
        problem = judge(answer);
        if (problem) problem += `: ${answer.body.slice(0, 300)}`;
      } catch (error) {
        problem = `no answer: ${(error as Error).message}`;
      }
      const counts = (figures.byOperation[op.operationId] ??= {});
      counts[status] = (counts[status] ?? 0) + 1;
      figures.requests += 1;
      if (problem) figures.failures.push({ index, replay: `pnpm fuzz --seed ${options.seed} --replay ${index}`, operationId: op.operationId, request: describe(req), problem });
      options.onProgress?.(figures.requests);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 6 }, worker));
  agent.destroy();
  figures.ms = Date.now() - started;
  return figures;
}

/** The figures as lines of text: totals, status classes by operation, failures with their replay. */
export function report(figures: Figures, seed: number): string {
  const lines = [
    `fuzz: ${figures.requests} requests, seed ${seed}, ${(figures.ms / 1000).toFixed(1)} s, ${figures.serverErrors} 5xx, ${figures.failures.length} failures`,
    `by status: ${Object.entries(figures.byStatus).map(([s, n]) => `${s}×${n}`).join(' ')}`,
    'by operation:',
    ...Object.entries(figures.byOperation).sort().map(([id, c]) => `  ${id.padEnd(42)} ${Object.entries(c).sort().map(([k, n]) => `${k} ${n}`).join(', ')}`),
    ...figures.failures.slice(0, 50).map((x) => `FAIL #${x.index} ${x.operationId}: ${x.problem}\n  request: ${x.request}\n  replay: ${x.replay}`),
  ];
  return lines.join('\n');
}
