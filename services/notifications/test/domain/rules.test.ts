import t from 'tap';
import { advances, classifyStatus, retryDelayMs, statusFromProvider } from '../../src/domain/delivery.js';
import { formatDate, formatTenge } from '../../src/domain/format.js';
import { earliestShutdownAt, shutdownNoticeInTime } from '../../src/domain/shutdown.js';

t.test('when a provider answers with a status, then 5xx, 408 and 429 are retried and other 4xx are final', async (t) => {
  for (const [status, expected] of [[500, 'retry'], [503, 'retry'], [408, 'retry'], [429, 'retry'], [400, 'final'], [401, 'final'], [404, 'final'], [422, 'final']] as const) {
    t.equal(classifyStatus(status), expected, String(status));
  }
});

t.test('when attempts fail, then the delay doubles up to the cap', async (t) => {
  t.same([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, 1000, 5000)), [1000, 2000, 4000, 5000, 5000]);
});

t.test('when provider statuses arrive, then they map to ours and never move backwards', async (t) => {
  const cases: Array<['email' | 'sms' | 'voice', string, string | null]> = [
    ['email', 'processed', 'sent'], ['email', 'delivered', 'delivered'], ['email', 'bounce', 'failed'], ['email', 'dropped', 'failed'], ['email', 'open', null],
    ['sms', 'queued', null], ['sms', 'sent', 'sent'], ['sms', 'delivered', 'delivered'], ['sms', 'undelivered', 'failed'], ['sms', 'failed', 'failed'],
    ['voice', 'ringing', null], ['voice', 'completed', 'delivered'], ['voice', 'no-answer', 'failed'], ['voice', 'busy', 'failed'],
  ];
  for (const [channel, provider, ours] of cases) t.equal(statusFromProvider(channel, provider), ours, `${channel} ${provider}`);
  t.ok(advances('sending', 'sent'));
  t.ok(advances('sent', 'delivered'));
  t.notOk(advances('delivered', 'sent'));
  t.notOk(advances('failed', 'delivered'));
  t.notOk(advances('cancelled', 'sent'));
});

t.test('when a shutdown is announced, then it needs at least 5 × 24 hours (offer 2.8)', async (t) => {
  const now = new Date('2026-03-10T18:30:00Z'); // 23:30 on 10 March in Almaty
  const cases: Array<[string, boolean]> = [
    ['2026-03-15T18:30:00Z', true], // exactly 120 hours
    ['2026-03-15T18:29:59Z', false], // a second short
    ['2026-03-14T19:00:00Z', false], // 00:00 on 15 March in Almaty: 5 calendar dates ahead, but only 4 days and 30 minutes
    ['2026-03-11T10:00:00Z', false],
    ['2026-03-09T10:00:00Z', false], // in the past
    ['2026-04-01T10:00:00Z', true],
  ];
  for (const [at, ok] of cases) t.equal(shutdownNoticeInTime(now, new Date(at)), ok, at);
  t.equal(earliestShutdownAt(now).toISOString(), '2026-03-15T18:30:00.000Z');
});

t.test('when money and dates are shown, then tenge are grouped and dates are Almaty dates', async (t) => {
  t.equal(formatTenge(1_234_500), '12\u00a0345\u00a0₸');
  t.equal(formatTenge(1_234_567), '12\u00a0345,67\u00a0₸');
  t.equal(formatTenge(0), '0\u00a0₸');
  t.equal(formatDate('2026-03-15'), '15.03.2026');
  t.equal(formatDate('2026-03-14T19:30:00Z'), '15.03.2026');
});
