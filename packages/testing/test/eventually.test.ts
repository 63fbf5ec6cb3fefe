import t from 'tap';
import { eventually } from '../src/eventually.js';

t.test('when the check turns truthy, then eventually resolves with its value', async (t) => {
  let tries = 0;
  const value = await eventually(async () => (++tries >= 3 ? { tries } : false), { intervalMs: 1 });
  t.same(value, { tries: 3 }, 'the value of the first truthy try');
  t.equal(await eventually(() => 'at once'), 'at once', 'a synchronous check is fine too');
});

t.test('when a check throws, then it is tried again', async (t) => {
  let tries = 0;
  const value = await eventually(() => {
    if (++tries < 3) throw new Error('not yet');
    return tries;
  }, { intervalMs: 1 });
  t.equal(value, 3);
});

t.test('when the time is up, then the error names what was awaited and what the last try returned', async (t) => {
  const started = Date.now();
  let tries = 0;
  const error = await eventually(async () => ++tries > 1_000_000 && 'never', { timeoutMs: 200, intervalMs: 20, message: 'the payout paid' })
    .then(() => null, (e: Error) => e);
  const took = Date.now() - started;
  t.ok(error, 'it rejects');
  t.match(error!.message, /^not within 200 ms: the payout paid; the last try returned false$/);
  t.ok(took >= 200 && took < 1_000, `after the time-out, not long after (${took} ms)`);
  t.ok(tries >= 5 && tries <= 11, `every interval, once more at the end (${tries} tries)`);
});

t.test('when the last try threw, then the error carries its message and cause', async (t) => {
  const cause = new Error('relation "payouts" does not exist');
  const error = await eventually(() => { throw cause; }, { timeoutMs: 50, intervalMs: 10 }).then(() => null, (e: Error) => e);
  t.match(error!.message, /^not within 50 ms: the condition; the last try threw relation "payouts" does not exist$/);
  t.equal(error!.cause, cause);
});

t.test('when the message is a function, then it is asked at the time-out', async (t) => {
  const seen: string[] = [];
  const error = await eventually(() => { seen.push('x'); return undefined; }, { timeoutMs: 30, intervalMs: 5, message: () => `a span, having seen ${seen.length}` })
    .then(() => null, (e: Error) => e);
  t.match(error!.message, new RegExp(`a span, having seen ${seen.length}; the last try returned undefined$`));
});

t.test('falsy values (0, empty string, null) keep it waiting; the last one is shown', async (t) => {
  for (const falsy of [0, '', null]) {
    const error = await eventually(() => falsy, { timeoutMs: 20, intervalMs: 5 }).then(() => null, (e: Error) => e);
    t.match(error?.message, new RegExp(`the last try returned ${falsy === '' ? "''" : String(falsy)}$`));
  }
});
