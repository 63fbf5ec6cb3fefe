/**
 * pnpm chaos [--minutes N] [--cluster] [--all-services] [--concurrency N]
 *
 * The Jepsen-style crash suite (tests/chaos/lib): a platform of its own (private PostgreSQL and
 * NATS, two replicas of each service behind a balancer, the gateway, fake providers and partner),
 * a mixed workload through the gateway, and a nemesis killing and disturbing one thing after
 * another for N minutes (default 3); then the checker. Prints the figures and exits 1 on any
 * violation. --cluster runs NATS as a three-node JetStream cluster with R3 streams and kills
 * each node in turn. --all-services also runs contests and practice (by default only the services
 * the workload goes through run, to spare the CPU). Ctrl-C ends the nemesis early; the checks
 * still run and everything started is removed.
 * Run `pnpm build` first (the services run from their dist/).
 */
import { parseArgs } from 'node:util';
import { report, runChaos } from '../tests/chaos/lib/run.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    cluster: { type: 'boolean', default: false },
    'all-services': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '3' },
  },
});
const minutes = Number(values.minutes);
const concurrency = Number(values.concurrency);
if (!(minutes > 0) || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error('usage: pnpm chaos [--minutes N] [--cluster] [--all-services] [--concurrency N]');
  process.exit(2);
}

const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  console.error('[chaos] Ctrl-C: ending the nemesis, then checking and cleaning up (Ctrl-C again to leave at once)');
  stop.abort();
});

const result = await runChaos({
  seconds: minutes * 60, cluster: values.cluster, allServices: values['all-services'], concurrency,
  log: (line) => console.log(`[chaos] ${line}`), signal: stop.signal,
});
console.log(report(result));
process.exit(result.violations.length === 0 && result.lost === 0 && result.doubled === 0 ? 0 : 1);
