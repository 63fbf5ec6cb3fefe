/**
 * The chaos suite's short run in `pnpm test`: two replicas of each service the workload uses, a
 * private PostgreSQL and NATS, the nemesis for one full round of its faults and then until
 * CHAOS_SECONDS (default 60) have passed (about three minutes with the start and the checks on an
 * idle machine), then the checker. Any lost or doubled effect, dead letter, undrained
 * outbox, stuck journey or 5xx after recovery fails it. `pnpm chaos --minutes N` is the long mode.
 */
import t from 'tap';
import { report, runChaos } from './lib/run.js';

// The start of 13 processes and the settling are slow on a loaded CI machine.
t.setTimeout(15 * 60_000);

t.test('kill -9 of every service, NATS and PostgreSQL under a mixed load: nothing lost, nothing doubled', async (t) => {
  const result = await runChaos({
    seconds: Number(process.env.CHAOS_SECONDS ?? 60), cluster: false, allServices: false, concurrency: 3,
    log: (line) => t.comment(line),
  });
  t.comment(report(result));
  const kinds = new Set(result.faults.map((f) => f.kind));
  for (const kind of ['kill -9 service replica', 'kill -9 NATS', 'kill -9 PostgreSQL', 'partner down', 'partner answers 500', 'partner slow', 'providers delayed', 'kill -9 gateway']) {
    t.ok(kinds.has(kind), `the nemesis injected: ${kind}`);
  }
  const killed = new Set(result.faults.filter((f) => f.kind === 'kill -9 service replica').map((f) => f.target.split('#')[0]));
  t.equal(killed.size, 6, `a replica of each service was killed: ${[...killed].join(', ')}`);
  t.ok(result.journeys.paidOrders > 0 && result.journeys.leads > 0, `the workload got through: ${JSON.stringify(result.journeys.paidOrders)} payments, ${result.journeys.leads} leads`);
  t.equal(result.lost, 0, 'nothing lost');
  t.equal(result.doubled, 0, 'nothing doubled');
  t.same(result.afterRecovery, [], 'no 5xx after recovery');
  t.same(result.violations, [], 'no violation');
});
