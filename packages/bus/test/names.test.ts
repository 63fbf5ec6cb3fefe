import t from 'tap';
import { streamNamePrefix as testingPrefix } from '@joo/testing';
import { eventSubjectFor, outboxChannel, streamNameFor, streamNamePrefix, streamSubjectsFor } from '../src/names.js';
import { backoffMs } from '../src/wakeup.js';

t.test('when a prefix is given, then stream names and subjects carry it the way @joo/testing cleans up', async (t) => {
  for (const prefix of ['', 't1abc123.', 'ci.run7.']) {
    t.equal(streamNamePrefix(prefix), testingPrefix(prefix), `same stream prefix for ${JSON.stringify(prefix)}`);
  }
  t.equal(streamNameFor('t1a.', 'billing'), 'T1A_JOO_BILLING');
  t.equal(streamSubjectsFor('t1a.', 'billing'), 't1a.joo.billing.>');
  t.equal(eventSubjectFor('t1a.', 'billing.payment.succeeded.v1'), 't1a.joo.billing.payment.succeeded.v1');
  t.equal(streamNameFor('', 'billing'), 'JOO_BILLING', 'production has no prefix');
});

t.test('when a source is not a plain lower-case name, then it is refused before it reaches SQL or NATS', async (t) => {
  t.equal(outboxChannel('billing'), 'outbox_billing');
  t.throws(() => outboxChannel('Billing; DROP TABLE outbox'));
  t.throws(() => outboxChannel('a.b'));
});

t.test('when failures repeat, then the backoff grows to its cap', async (t) => {
  const delays = [1, 2, 3, 10, 50].map((n) => backoffMs(n, 100, 5000));
  t.ok(delays[0]! >= 80 && delays[0]! <= 120);
  t.ok(delays[2]! >= 320 && delays[2]! <= 480);
  t.ok(delays[3]! <= 6000 && delays[4]! <= 6000 && delays[4]! >= 4000);
});
