/**
 * The one switch that makes the tests' services talk: `TEST_LOG_LEVEL=debug pnpm test …` gives
 * every app a test helper builds, every background worker a test starts and every process of the
 * e2e platform that pino level. Unset, they are silent, so a passing run prints only tap's report.
 */
export const TEST_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type TestLogLevel = (typeof TEST_LOG_LEVELS)[number];

/**
 * `TEST_LOG_LEVEL`, else `fallback` (`silent`; the e2e platform, which keeps its processes' output
 * to show with a failure rather than printing it, asks for `warn`). An unknown level is refused.
 */
export function testLogLevel(fallback: TestLogLevel = 'silent'): TestLogLevel {
  const level = process.env.TEST_LOG_LEVEL || fallback;
  if (!(TEST_LOG_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`TEST_LOG_LEVEL=${level} is not a pino level (${TEST_LOG_LEVELS.join(', ')})`);
  }
  return level as TestLogLevel;
}

type Printed = 'debug' | 'info' | 'warn' | 'error';
export type TestLogger = Record<Printed, (obj: object, msg?: string) => void>;

// pino's numbers: a level shows what is at least as severe
const SEVERITY: Record<TestLogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * A logger for the background workers a test starts itself (relays, consumers): prints to stderr
 * what `TEST_LOG_LEVEL` lets through, nothing by default.
 */
export function testLogger(): TestLogger {
  const threshold = SEVERITY[testLogLevel()];
  const at = (level: Printed) => (SEVERITY[level] >= threshold
    ? (obj: object, msg?: string) => console.error(level, msg ?? '', obj)
    : () => {});
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
