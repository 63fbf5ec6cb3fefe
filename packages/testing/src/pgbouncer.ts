import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { TEST_SERVER_URL } from './database.js';
import { reservePort } from './ports.js';

/** A PgBouncer of this test run, pooling transactions in front of the test PostgreSQL. */
export interface TestPgBouncer {
  port: number;
  /** The URL of `database` through the pooler (the user and the database as in `serverUrl`). */
  url(database: string): string;
  /** Rows of an admin console `SHOW` (`POOLS`, `SERVERS`, `CLIENTS`, `STATS`, `CONFIG`…). */
  show<Row = Record<string, unknown>>(what: string): Promise<Row[]>;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** The PostgreSQL server to pool for; default the tests' server. */
  serverUrl?: string;
  /** Server connections per database and user (PgBouncer's default_pool_size). */
  poolSize?: number;
}

/** Debian's package installs it here (scripts/ensure-infra.sh installs the package when missing). */
const BINARY = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((path) => existsSync(path)) ?? 'pgbouncer';

/**
 * Starts a PgBouncer of its own in transaction-pooling mode, the way PostgreSQL is usually run
 * under Kubernetes: a client's consecutive transactions may run on different server sessions, so
 * session state (prepared statements, SET, LISTEN, advisory locks) does not carry over. Each call
 * gets its own port, configuration and process, stopped by `stop()`.
 */
export async function startPgBouncer(options: PgBouncerOptions = {}): Promise<TestPgBouncer> {
  const server = new URL(options.serverUrl ?? TEST_SERVER_URL);
  const user = decodeURIComponent(server.username || 'postgres');
  const dir = await mkdtemp(join(tmpdir(), 'joo-pgbouncer-'));
  // As root, PgBouncer runs as postgres (spawnPgBouncer), which must read the folder.
  await chmod(dir, 0o755);
  const reserved = await reservePort();
  await writeFile(join(dir, 'userlist.txt'), `"${user}" ""\n`);
  await writeFile(join(dir, 'pgbouncer.ini'), configuration({
    serverHost: server.hostname, serverPort: server.port || '5432', port: reserved.port, dir, poolSize: options.poolSize ?? 10,
  }));
  await reserved.release();
  const child = spawnPgBouncer(join(dir, 'pgbouncer.ini'));
  // A test process that ends without its teardowns (tap's timeout) must not leave it running.
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  child.once('exit', () => process.off('exit', orphaned));
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  try {
    await waitForPort(reserved.port, child, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`PgBouncer did not start: ${(error as Error).message}\n${output.join('')}`);
  }
  let stopping: Promise<void> | null = null;
  const url = (database: string) => {
    const through = new URL(server.toString());
    through.host = `127.0.0.1:${reserved.port}`;
    through.pathname = `/${database}`;
    return through.toString();
  };
  return {
    port: reserved.port,
    url,
    async show<Row>(what: string) {
      if (!/^[A-Z_]+$/i.test(what)) throw new Error(`SHOW ${what}: not an admin console listing`);
      // The admin console speaks the simple query protocol only: a query without parameters.
      const admin = new pg.Client({ connectionString: url('pgbouncer') });
      await admin.connect();
      try {
        return (await admin.query(`SHOW ${what}`)).rows as Row[];
      } finally {
        await admin.end();
      }
    },
    stop: () => (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM'); // PgBouncer's immediate shutdown (SIGINT waits for clients)
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    })()),
  };
}

function configuration(c: { serverHost: string; serverPort: string; port: number; dir: string; poolSize: number }): string {
  return `[databases]
* = host=${c.serverHost} port=${c.serverPort}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${c.port}
unix_socket_dir =
auth_type = trust
auth_file = ${join(c.dir, 'userlist.txt')}
admin_users = postgres
pool_mode = transaction
default_pool_size = ${c.poolSize}
max_client_conn = 1000
server_reset_query =
ignore_startup_parameters = extra_float_digits
`;
}

function spawnPgBouncer(ini: string): ChildProcess {
  // PgBouncer refuses to run as root: `-u` makes it switch to postgres first.
  const asRoot = process.getuid?.() === 0;
  return spawn(BINARY, [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    if (await answers(port)) return;
    if (Date.now() > deadline) throw new Error(`nothing answers on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
