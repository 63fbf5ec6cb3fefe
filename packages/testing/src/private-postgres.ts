import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { childrenOf, isRunning, signal } from './processes.js';
import { reservePort } from './ports.js';
import { teardownOf, type Teardown } from './teardown.js';

const run = promisify(execFile);

/**
 * A PostgreSQL server of one test, to stop and start at will: the shared server must never be
 * restarted (other tests and helpers use it), but "the database restarts under load" needs one.
 */
export interface PrivatePostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: pass it as `serverUrl` to testDatabase. */
  serverUrl: string;
  /**
   * Stops the server: `immediate` (default) is a crash as far as clients see it (connections cut,
   * recovery at the next start), `fast` a clean shutdown that ends every session first.
   */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /**
   * `kill -9` of the server and every one of its processes at once, as a machine or container losing
   * the database does: nothing is flushed or shut down, recovery runs at the next start.
   */
  kill(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
}

/** Debian's layout: one folder per major version; the newest is taken. */
function binaries(): string {
  const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/**
 * Creates (initdb) and starts a PostgreSQL server of its own in a temporary folder, on a free port,
 * trusting local connections; removed when the test ends. PostgreSQL refuses to run as root, so as
 * root it runs as the postgres OS user (the package's), as PgBouncer does in startPgBouncer.
 * `maxConnections` (50) is raised by runs of many service processes (the chaos suite's replicas).
 */
export async function startPrivatePostgres(t: Teardown, options: { maxConnections?: number } = {}): Promise<PrivatePostgres> {
  const bin = binaries();
  const dir = await mkdtemp(join(tmpdir(), 'joo-postgres-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const as = async (tool: string, args: string[]) => {
    const command = join(bin, tool);
    return asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
  };
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    await chown(dir, uid, uid);
  }
  const reserved = await reservePort();
  const port = reserved.port;
  await as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  // No fsync: a committed transaction is still written to the kernel before the client hears of it,
  // so it survives the server's processes being killed (not the machine's crash, which no test does).
  // synchronous_commit stays on, as in production: with it off, a killed server forgets commits that
  // were already answered and published (a payment settled twice, with two events).
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=${options.maxConnections ?? 50}`;
  let running = false;
  const start = async () => {
    await as('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = async (mode: 'immediate' | 'fast' = 'immediate') => {
    await as('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
    running = false;
  };
  const kill = async () => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // Stopped first, so it forks no process between the listing and the kill.
    process.kill(postmaster, 'SIGSTOP');
    const all = [postmaster, ...childrenOf(postmaster)];
    for (const pid of all) signal(pid, 'SIGKILL');
    while (all.some(isRunning)) await new Promise((r) => setTimeout(r, 20));
    // The killed postmaster may stay a zombie (a container's first process need not reap orphans), and
    // PostgreSQL takes a lock whose PID still answers as held: the locks of a server known dead go.
    for (const lock of [join(data, 'postmaster.pid'), join(dir, `.s.PGSQL.${port}.lock`), join(dir, `.s.PGSQL.${port}`)]) rmSync(lock, { force: true });
    running = false;
  };
  // A test process ending without this teardown (tap's timeout, or an earlier teardown that threw,
  // which cancels the rest) must not leave the server running or its folder behind.
  const orphaned = () => {
    try {
      if (running) process.kill(Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGQUIT'); // immediate shutdown
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', orphaned);
  teardownOf(t)(async () => {
    process.off('exit', orphaned);
    if (running) await stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });
  await reserved.release();
  try {
    await start();
  } catch (error) {
    const log = await readFile(join(dir, 'server.log'), 'utf8').catch(() => '');
    throw new Error(`the private PostgreSQL did not start: ${(error as Error).message}\n${log}`);
  }
  return { port, serverUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, kill, start };
}
