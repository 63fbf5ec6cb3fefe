// Command line and numeric environment variables. Bad arguments exit at once, before anything
// has started; bad numbers throw ConfigError so main reports them like any other setup problem.
import { ConfigError } from './errors.mjs';

function usage() {
  return 'usage: pnpm start [-- --check]\n' +
    '  --check   start everything, wait until ready, print the URLs, stop cleanly, exit 0\n';
}

/** Exits 0 for --help and 2 for an unknown argument; otherwise returns the options. */
export function parseOptions(args = process.argv.slice(2)) {
  // pnpm passes the `--` of `pnpm start -- --check` through.
  const argv = args.filter((a) => a !== '--');
  let checkMode = process.env.JOO_START_EXIT_AFTER_READY === '1' || process.env.JOO_START_EXIT_AFTER_READY === 'true';
  for (const a of argv) {
    if (a === '--check') checkMode = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(usage());
      process.exit(0);
    } else {
      process.stderr.write(`[start] unknown argument: ${a}\n${usage()}`);
      process.exit(2);
    }
  }
  return { checkMode };
}

export function intFromEnv(name, fallback, max = 65535) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > max) {
    throw new ConfigError(`${name} must be an integer from 1 to ${max}, got '${raw}'`);
  }
  return n;
}
