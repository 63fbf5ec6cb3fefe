// Whether the machine is fit to start (built files present, ports free) and when a started
// service is ready: its /health/ready answers 200.
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { isStopping } from './children.mjs';
import { HOST, ROOT } from './config.mjs';
import { delay } from './delay.mjs';
import { ConfigError, Stopped } from './errors.mjs';

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    const done = (inUse) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Nothing runs yet: finds every problem we can before starting anything, and reports them all. */
export async function preflight(services, helpers = []) {
  const problems = [];
  for (const h of helpers) {
    if (await portInUse(h.port)) problems.push(`port ${h.port} (${h.name}) is already in use: is another pnpm start running?`);
  }
  for (const s of services) {
    if (!existsSync(s.main)) problems.push(`${path.relative(ROOT, s.main)} is missing (run pnpm build; does services/${s.name}/src/main.ts exist?)`);
    if (s.database && !existsSync(s.migrate)) problems.push(`${path.relative(ROOT, s.migrate)} is missing (services/${s.name}/src/migrate.ts)`);
    for (const [port, what] of [[s.port, s.name], [s.metricsPort, `${s.name} metrics`]]) {
      if (await portInUse(port)) problems.push(`port ${port} (${what}) is already in use: is another pnpm start running?`);
    }
  }
  if (problems.length) throw new ConfigError(problems.join('\n        '));
}

function getStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve({ status: res.statusCode });
    });
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', (err) => resolve({ error: err.code || err.message }));
  });
}

/** Polls until ready; gives up (Stopped) as soon as a shutdown begins or the child has exited. */
export async function waitReady(service, child, deadline, timeoutMs) {
  const url = `http://${HOST}:${service.port}/health/ready`;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (isStopping() || child.exited) throw new Stopped();
    const r = await getStatus(url);
    if (r.status === 200) return;
    last = r.status ? `HTTP ${r.status}` : r.error;
    await delay(300);
  }
  throw new ConfigError(`${service.name} is not ready after ${Math.round(timeoutMs / 1000)}s: ${url} answered ${last}`);
}
