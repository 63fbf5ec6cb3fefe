/**
 * One replica of a service: its built dist/main.js as a child process on its own port, kept
 * running as Kubernetes keeps a pod's container: a replica the nemesis did not kill that exits
 * on its own is recorded (the checker reports it) and started again after a second.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './http.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface UnplannedExit {
  replica: string; code: number | null; signal: string | null; at: number;
  /** how long the process had run, and whether it had been ready since its start */
  uptimeMs: number; wasReady: boolean; tail: string;
}

export interface Replica {
  /** `billing#1` */
  label: string;
  service: string;
  port: number;
  /** SIGKILL, then starts it again after `downMs` (resolves once it is started, not yet ready). */
  crash(downMs: number): Promise<void>;
  waitReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM; resolves with the exit code (null when it had to be killed). */
  stop(): Promise<number | null>;
  output(): string;
}

/**
 * The services run their built JavaScript: tap's loaders (TypeScript, process tracking), which it
 * passes down in NODE_OPTIONS, would only slow each of the many starts and restarts.
 */
export function withoutLoaders(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _loaders, ...rest } = env;
  return rest;
}

export function startReplica(service: string, index: number, port: number, env: NodeJS.ProcessEnv, exits: UnplannedExit[]): Replica {
  const label = `${service}#${index + 1}`;
  const lines: string[] = [];
  let proc: ChildProcess | null = null;
  let planned = false;
  let stopping = false;
  let everReady = false;
  const launch = () => {
    planned = false;
    // An IPC channel: should the harness die, the channel closes and the service stops itself.
    const launchedAt = Date.now();
    everReady = false;
    const p = spawn(process.execPath, [`services/${service}/dist/main.js`], {
      cwd: ROOT, env: withoutLoaders({ ...process.env, ...env }), stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (c: Buffer) => { lines.push(c.toString()); if (lines.length > 300) lines.shift(); };
    p.stdout?.on('data', keep);
    p.stderr?.on('data', keep);
    p.once('exit', (code, signal) => {
      if (proc === p) proc = null;
      if (planned || stopping) return;
      exits.push({ replica: label, code, signal, at: Date.now(), uptimeMs: Date.now() - launchedAt, wasReady: everReady, tail: lines.slice(-15).join('') });
      setTimeout(() => { if (!stopping && !proc) launch(); }, 1000);
    });
    proc = p;
  };
  launch();
  let lastReady = '';
  const ready = async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) });
      lastReady = `${res.status} ${await res.text()}`;
      if (res.status === 200) everReady = true;
      return res.status === 200;
    } catch (error) {
      lastReady = (error as Error).message;
      return false;
    }
  };
  const waitReady = (timeoutMs = 300_000) => waitFor(`${label} to be ready`, ready, timeoutMs, () => `last answer: ${lastReady}\n${lines.slice(-30).join('')}`);
  return {
    label,
    service,
    port,
    waitReady,
    async crash(downMs) {
      const p = proc;
      if (p) {
        planned = true;
        const gone = new Promise((r) => p.once('exit', r));
        p.kill('SIGKILL');
        await gone;
      }
      await new Promise((r) => setTimeout(r, downMs));
      if (!proc && !stopping) launch();
    },
    async stop() {
      stopping = true;
      const p = proc;
      if (!p) return 0;
      const code = new Promise<number | null>((r) => p.once('exit', (c) => r(c)));
      p.kill('SIGTERM');
      const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
      const result = await code;
      clearTimeout(timer);
      return result;
    },
    output: () => lines.join(''),
  };
}
