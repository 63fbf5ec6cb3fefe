/** `pnpm start -- --check`: starts everything, waits until ready, stops cleanly and exits 0. */
import t from 'tap';
import { startLauncher } from './launcher.js';

// Migrating, seeding and starting eight processes one phase after another: minutes on a busy machine.
t.setTimeout(480_000);

t.test('when pnpm start runs with --check, then everything becomes ready, stops cleanly, and it exits 0', async (t) => {
  const launcher = await startLauncher(t, ['--', '--check']);
  const code = await launcher.exited;
  if (code !== 0) t.comment(launcher.tail());
  t.equal(code, 0);
  for (const s of launcher.services) t.match(launcher.output(), new RegExp(`\\[start\\] ${s.name} is ready on `), `${s.name} was ready`);
  t.match(launcher.output(), /\[start\] check: everything is ready; stopping\n/);
  t.match(launcher.output(), /\[start\] stopped\n/);
  t.notMatch(launcher.output(), /restart/, 'nothing was restarted');
});
