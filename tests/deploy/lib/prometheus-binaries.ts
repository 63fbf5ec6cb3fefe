/**
 * The prometheus and promtool binaries, installed through scripts/ensure-infra.sh (Debian's
 * package, as PostgreSQL and NATS are) on a machine that does not have them yet.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

let ensured = false;

export function ensurePrometheus(root: string): void {
  if (ensured) return;
  const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
  if (!has('prometheus') || !has('promtool')) {
    execFileSync('bash', [join(root, 'scripts/ensure-infra.sh'), 'prometheus'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
  }
  ensured = true;
}

/** promtool's exit code and output (stdout and stderr together). */
export function promtool(args: string[], cwd: string): { code: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}
