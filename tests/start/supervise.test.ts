/**
 * `pnpm start` supervises its services: a service killed with SIGKILL comes back after the
 * back-off while every other process keeps running.
 */
import t from 'tap';
import { readServiceList } from '@joo/service-list';
import { eventually } from '@joo/testing';
import { startLauncher } from './launcher.js';

// Migrating, seeding and starting eight processes one phase after another: minutes on a busy machine.
t.setTimeout(480_000);
const VICTIM = 'catalog';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readyStatus(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
  await res.arrayBuffer();
  return res.status;
}

t.test('when a service is killed, then pnpm start restarts it after the back-off and the others keep running', async (t) => {
  const launcher = await startLauncher(t);
  const { services, tail } = launcher;

  const pidsAtStart = await eventually(() => {
    if (launcher.process.exitCode !== null) throw new Error(`pnpm start exited ${launcher.process.exitCode}:\n${tail()}`);
    const pids = Object.fromEntries([...launcher.output().matchAll(/\[start\] (\S+) is ready on \S+ \(pid (\d+)\)/g)].map((m) => [m[1]!, Number(m[2])]));
    return services.every((s) => pids[s.name]) && pids;
  }, { timeoutMs: 360_000, intervalMs: 250, message: () => `every service ready:\n${tail()}` });

  const victim = pidsAtStart[VICTIM]!;
  process.kill(victim, 'SIGKILL');

  await eventually(() => /catalog exited unexpectedly \(signal SIGKILL\) after [\d.]+ s; restarting it in 1 s \(crash 1 in a row/.test(launcher.output()),
    { timeoutMs: 20_000, message: () => `the crash reported with its back-off:\n${tail()}` });
  const again = await eventually(() => launcher.output().match(/\[start\] catalog is ready again on \S+ \(pid (\d+)\)/)?.[1],
    { timeoutMs: 90_000, intervalMs: 250, message: () => `catalog ready again:\n${tail()}` });
  t.not(Number(again), victim, 'a new process');
  t.equal(await readyStatus(launcher.port(VICTIM)), 200, 'the restarted catalog answers ready');

  for (const s of services.filter((x) => x.name !== VICTIM)) {
    t.ok(alive(pidsAtStart[s.name]!), `${s.name} kept its process`);
    t.equal(await readyStatus(launcher.port(s.name)), 200, `${s.name} stayed ready`);
  }
  t.notMatch(launcher.output(), /stopping everything|\[start\] stopping /, 'nothing was stopped');
  const gateway = await fetch(`http://127.0.0.1:${launcher.port('gateway')}/v1/catalog/products`);
  t.equal(gateway.status, 200, 'the gateway reaches the restarted catalog');
  await gateway.arrayBuffer();

  launcher.process.kill('SIGTERM');
  const code = await launcher.exited;
  if (code !== 0) t.comment(tail());
  t.equal(code, 0, 'a clean stop of everything, the restarted service included');
  const startOrder = readServiceList().map((s) => s.name).join(', ');
  t.ok(launcher.output().includes(`[start] stopping providers, ${startOrder}\n`),
    `the restarted ${VICTIM} keeps its place in the start order (${startOrder})`);
});
