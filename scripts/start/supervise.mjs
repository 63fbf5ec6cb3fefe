// Keeps a service running the way Kubernetes keeps a container: a process that dies on its own is
// started again after a back-off (backoff.mjs) while everything else keeps running, and the
// output says which one, how it ended and when it comes back.
// Two cases still stop everything: a crash before the service was ever ready (it cannot start:
// a bug or bad configuration, which no restart mends), and any crash in --check mode, which
// promises a clean run.
import { describeExit, isStopping, shutdown, spawnChild, takeRank } from './children.mjs';
import { DEFAULT_BACKOFF, nextRestart } from './backoff.mjs';
import { log, warn } from './output.mjs';

function seconds(ms) {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * Starts script as service `label`. The returned unit's `child` is the current process; call
 * `ready()` once it has become ready (from then on a crash means a restart), and pass
 * `whenRestarted(child)` to learn of each new process (e.g. to announce it ready again).
 */
export function superviseService(label, script, { cwd, env, checkMode, whenRestarted, policy = DEFAULT_BACKOFF }) {
  const unit = { label, child: null, supervised: false, crashes: 0, ready: () => { unit.supervised = true; } };
  const rank = takeRank();
  const launch = () => {
    unit.child = spawnChild(label, script, { cwd, env, kind: 'service', onUnexpectedExit, rank });
  };
  function onUnexpectedExit(result, uptimeMs) {
    const how = describeExit(result);
    if (checkMode || !unit.supervised) {
      const why = checkMode ? '--check does not restart' : 'it never became ready';
      void shutdown(1, `${label} exited unexpectedly (${how}; ${why}); stopping everything`, label);
      return;
    }
    const plan = nextRestart(unit.crashes, uptimeMs, policy);
    unit.crashes = plan.crashes;
    warn(`${label} exited unexpectedly (${how}) after ${seconds(uptimeMs)}; restarting it in ${seconds(plan.delayMs)} ` +
      `(crash ${plan.crashes} in a row; the other services keep running)`);
    // Not unref'd: while every child is down, this timer is what keeps the orchestrator alive.
    setTimeout(() => {
      if (isStopping()) return;
      launch();
      log(`${label} restarted (pid ${unit.child.proc.pid})`);
      whenRestarted?.(unit.child);
    }, plan.delayMs);
  }
  launch();
  return unit;
}
