import t from 'tap';
import { RequestError, TimeoutError } from '@nats-io/transport-node';
import { isJetStreamSettling, whileSettling } from '../src/settling.js';

t.test('a JetStream that is starting or electing leaders is waited for; a wrong request is not', async (t) => {
  t.ok(isJetStreamSettling(new TimeoutError()), 'a request timeout (the chaos suite saw a replica exit on it)');
  t.ok(isJetStreamSettling(new RequestError('failed', { cause: new TimeoutError() })), 'a request error caused by a timeout');
  t.ok(isJetStreamSettling(Object.assign(new Error('JetStream system temporarily unavailable'), { name: 'JetStreamApiError', status: 503 })), '503 temporarily unavailable');
  t.notOk(isJetStreamSettling(Object.assign(new Error('stream name already in use'), { name: 'JetStreamApiError', status: 400 })), 'a refused configuration');
  t.notOk(isJetStreamSettling(new Error('boom')), 'anything else');
});

t.test('whileSettling retries through the settling answers, then returns', async (t) => {
  let calls = 0;
  const retried: number[] = [];
  const value = await whileSettling(async () => {
    calls++;
    if (calls < 3) throw new TimeoutError();
    return 'stream';
  }, { firstPauseMs: 1, onRetry: (_, attempt) => retried.push(attempt) });
  t.equal(value, 'stream');
  t.same(retried, [1, 2], 'two retries');
});

t.test('whileSettling throws a wrong request at once, and a settling one after its time', async (t) => {
  let calls = 0;
  await t.rejects(whileSettling(async () => { calls++; throw new Error('bad config'); }, { firstPauseMs: 1 }), /bad config/);
  t.equal(calls, 1, 'not retried');
  await t.rejects(whileSettling(async () => { throw new TimeoutError(); }, { timeoutMs: 50, firstPauseMs: 10 }), { name: 'TimeoutError' });
});
