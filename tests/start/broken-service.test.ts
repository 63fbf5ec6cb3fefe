/**
 * `pnpm start` restarts only what was running: a service that dies before it was ever ready (here
 * catalog, refusing its configuration) cannot be mended by a restart, so everything stops and the
 * launcher exits non-zero naming it, without a restart loop.
 */
import t from 'tap';
import { startLauncher } from './launcher.js';

// Migrating and seeding every database before the first service starts: minutes on a busy machine.
t.setTimeout(480_000);

t.test('when a service dies before it is ready, then pnpm start stops everything and exits 1 naming it', async (t) => {
  // Below catalog's minimum of 30: its config refuses it and the process exits 1 at once.
  const launcher = await startLauncher(t, [], { PLAYBACK_URL_TTL_SECONDS: '5' });
  const code = await launcher.exited;
  if (code !== 1) t.comment(launcher.tail());
  t.equal(code, 1);
  t.match(launcher.output(), /\[start\] catalog exited unexpectedly \(code 1; it never became ready\); stopping everything\n/);
  t.notMatch(launcher.output(), /restarting it in|restarted \(pid/, 'no restart was tried');
  t.notMatch(launcher.output(), /\[start\] gateway is ready/, 'the gateway was never started');
});
