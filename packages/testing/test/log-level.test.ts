import t from 'tap';
import { testLogger, testLogLevel } from '../src/log-level.js';
import type { Teardown } from '../src/teardown.js';

/** Sets TEST_LOG_LEVEL for one test and collects what is printed to stderr meanwhile. */
function withLevel(t: Teardown, level: string | undefined): string[] {
  const before = process.env.TEST_LOG_LEVEL;
  const print = console.error;
  const printed: string[] = [];
  if (level === undefined) delete process.env.TEST_LOG_LEVEL;
  else process.env.TEST_LOG_LEVEL = level;
  console.error = (...args: unknown[]) => { printed.push(args.map(String).join(' ')); };
  t.teardown(() => {
    console.error = print;
    if (before === undefined) delete process.env.TEST_LOG_LEVEL;
    else process.env.TEST_LOG_LEVEL = before;
  });
  return printed;
}

t.test('unset, the tests are silent, or at the level the caller falls back to', async (t) => {
  const printed = withLevel(t, undefined);
  t.equal(testLogLevel(), 'silent');
  t.equal(testLogLevel('warn'), 'warn');
  const log = testLogger();
  log.error({ id: 1 }, 'broken');
  t.same(printed, [], 'nothing printed');
});

t.test('set, it wins over the fallback and the logger prints what is at least that severe', async (t) => {
  const printed = withLevel(t, 'warn');
  t.equal(testLogLevel(), 'warn');
  t.equal(testLogLevel('info'), 'warn');
  const log = testLogger();
  log.debug({}, 'chatter');
  log.info({}, 'progress');
  log.warn({}, 'lost its lock');
  log.error({}, 'publish failed');
  t.same(printed.map((line) => line.split(' ').slice(0, 2).join(' ')), ['warn lost', 'error publish']);
});

t.test('a level pino does not know is refused, naming the ones it does', async (t) => {
  withLevel(t, 'loud');
  t.throws(() => testLogLevel(), /TEST_LOG_LEVEL=loud is not a pino level \(fatal, error, warn, info, debug, trace, silent\)/);
});
