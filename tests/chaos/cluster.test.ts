/**
 * The three-node NATS cluster variant in `pnpm test`: streams with three replicas (R3), and a
 * nemesis that only kills NATS nodes (SIGKILL, restarted after 3 s) in turn while the workload runs:
 * for 20 s by default, so that journeys are mid-flight on both sides of each kill, or for
 * CHAOS_CLUSTER_SECONDS (ADR 0026: a consumer whose leader moved waits for its next pull). Nothing
 * the platform confirmed may be lost or doubled. `pnpm chaos --cluster` runs it long.
 */
import t from 'tap';
import { report, runChaos } from './lib/run.js';

t.setTimeout(15 * 60_000);

const seconds = Number(process.env.CHAOS_CLUSTER_SECONDS ?? 20);

t.test('NATS nodes killed in turn under load in a three-node cluster with R3 streams: nothing lost', async (t) => {
  const result = await runChaos({
    seconds, cluster: true, allServices: false, concurrency: 4, only: ['kill -9 NATS'],
    log: (line) => t.comment(line),
  });
  t.comment(report(result));
  // The first kill comes with the first journeys; a second node must die while work is in flight.
  const killed = new Set(result.faults.filter((f) => f.kind === 'kill -9 NATS').map((f) => f.target));
  t.ok(killed.size >= (seconds >= 20 ? 2 : 1), `NATS nodes killed in turn: ${[...killed].join(', ')}`);
  t.ok(result.streams.length > 0, `${result.streams.length} streams`);
  t.same(result.streams.filter((s) => s.replicas !== 3).map((s) => s.name), [], 'every stream has three replicas');
  t.ok(result.journeys.paidOrders > 0, `${result.journeys.paidOrders} payments went through`);
  t.equal(result.lost, 0, 'nothing lost');
  t.equal(result.doubled, 0, 'nothing doubled');
  t.same(result.violations, [], 'no violation');
});
