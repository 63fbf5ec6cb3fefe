/**
 * Runs `pnpm start` (scripts/start.sh, which execs scripts/start.mjs) as a user runs it, but on
 * ports, databases, a bus prefix and a data directory of the test's own, all removed afterwards,
 * so it never meets a platform already running on the machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readServiceList, type ServiceEntry } from '@joo/service-list';
import { dropTestDatabase, reservePort, testBus, TEST_NATS_URL, TEST_SERVER_URL, type ReservedPort, type Teardown } from '@joo/testing';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Launcher {
  process: ChildProcess;
  services: ServiceEntry[];
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** The last part of the output, for failure messages. */
  tail(): string;
  /** The port a service (or `fake_sendgrid`, `fake_twilio`) was moved to. */
  port(name: string): number;
  exited: Promise<number | null>;
}

/** `env` is added to the launcher's environment (which every process it starts inherits). */
export async function startLauncher(t: Teardown, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Launcher> {
  const services = readServiceList(ROOT);
  const bus = await testBus(t);
  const suffix = `_t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'joo-start-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

  const reserved: Record<string, ReservedPort> = {};
  for (const name of [...services.map((s) => s.name), 'fake_sendgrid', 'fake_twilio']) reserved[name] = await reservePort();
  const portEnv = Object.fromEntries(Object.entries(reserved).map(([name, r]) => [`${name.toUpperCase().replace(/-/g, '_')}_PORT`, String(r.port)]));
  await Promise.all(Object.values(reserved).map((r) => r.release()));

  const child = spawn('bash', [join(ROOT, 'scripts/start.sh'), ...args], {
    cwd: ROOT,
    env: {
      ...process.env, ...portEnv,
      JOO_SKIP_BUILD: '1', JOO_SKIP_INFRA: '1', JOO_DATA_DIR: dataDir, JOO_DATABASE_SUFFIX: suffix,
      PGPORT: new URL(TEST_SERVER_URL).port || '5432', NATS_PORT: new URL(TEST_NATS_URL).port || '4222',
      BUS_PREFIX: bus.prefix, LOG_LEVEL: 'warn', NO_COLOR: '1', JOO_READY_TIMEOUT: '300', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Registered after the bus's teardown, so it runs before it (tap: last first).
  t.teardown(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    for (const s of services) if (s.database) await dropTestDatabase(`${s.database}${suffix}`);
  });
  return {
    process: child,
    services,
    output: () => output,
    tail: () => output.slice(-6000),
    port: (name) => reserved[name]!.port,
    exited,
  };
}
