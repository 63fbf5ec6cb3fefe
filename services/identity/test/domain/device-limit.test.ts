import t from 'tap';
import { decideLogin, MAX_ACTIVE_SESSIONS, type ActiveSession } from '../../src/domain/device-limit.js';

const at = (iso: string): Date => new Date(iso);
const phone: ActiveSession = { sessionId: 's-phone', deviceId: 'd-phone', lastSeenAt: at('2026-03-01T10:00:00Z') };
const laptop: ActiveSession = { sessionId: 's-laptop', deviceId: 'd-laptop', lastSeenAt: at('2026-03-02T10:00:00Z') };
const tablet: ActiveSession = { sessionId: 's-tablet', deviceId: 'd-tablet', lastSeenAt: at('2026-03-03T10:00:00Z') };

t.test('the limit is three devices (offer 6.1.6)', async (t) => {
  t.equal(MAX_ACTIVE_SESSIONS, 3);
});

const cases: { when: string; active: ActiveSession[]; deviceId: string; evictOldest: boolean; then: ReturnType<typeof decideLogin> }[] = [
  { when: 'no sessions', active: [], deviceId: 'd-new', evictOldest: false, then: { kind: 'new' } },
  { when: 'two sessions on other devices', active: [phone, laptop], deviceId: 'd-new', evictOldest: false, then: { kind: 'new' } },
  { when: 'two sessions and evictOldest asked', active: [phone, laptop], deviceId: 'd-new', evictOldest: true, then: { kind: 'new' } },
  { when: 'the device already has a session', active: [phone, laptop, tablet], deviceId: 'd-laptop', evictOldest: false, then: { kind: 'reuse', sessionId: 's-laptop' } },
  { when: 'the device already has a session and evictOldest asked', active: [phone, laptop, tablet], deviceId: 'd-phone', evictOldest: true, then: { kind: 'reuse', sessionId: 's-phone' } },
  { when: 'three sessions and evictOldest asked', active: [tablet, phone, laptop], deviceId: 'd-new', evictOldest: true, then: { kind: 'evict', sessionId: 's-phone' } },
  { when: 'three sessions without evictOldest', active: [tablet, phone, laptop], deviceId: 'd-new', evictOldest: false, then: { kind: 'refuse', devices: [phone, laptop, tablet] } },
  {
    when: 'four sessions (after a race) without evictOldest',
    active: [tablet, phone, laptop, { sessionId: 's-tv', deviceId: 'd-tv', lastSeenAt: at('2026-03-04T10:00:00Z') }],
    deviceId: 'd-new',
    evictOldest: false,
    then: { kind: 'refuse', devices: [phone, laptop, tablet, { sessionId: 's-tv', deviceId: 'd-tv', lastSeenAt: at('2026-03-04T10:00:00Z') }] },
  },
];

for (const c of cases) {
  t.test(`when ${c.when}, then ${c.then.kind}`, async (t) => {
    t.same(decideLogin(c.active, c.deviceId, c.evictOldest), c.then);
  });
}

t.test('when two sessions were last seen at the same instant, then the smaller session id is the least recently used', async (t) => {
  const same = at('2026-03-01T10:00:00Z');
  const b: ActiveSession = { sessionId: 'b', deviceId: 'd-b', lastSeenAt: same };
  const a: ActiveSession = { sessionId: 'a', deviceId: 'd-a', lastSeenAt: same };
  const c: ActiveSession = { sessionId: 'c', deviceId: 'd-c', lastSeenAt: at('2026-03-02T10:00:00Z') };
  for (const order of [[a, b, c], [b, a, c], [c, b, a], [c, a, b]]) {
    t.same(decideLogin(order, 'd-new', true), { kind: 'evict', sessionId: 'a' });
    t.same(decideLogin(order, 'd-new', false), { kind: 'refuse', devices: [a, b, c] });
  }
});

t.test('when one device holds two sessions, then the most recently used one is reused', async (t) => {
  const older: ActiveSession = { sessionId: 's-1', deviceId: 'd-x', lastSeenAt: at('2026-03-01T10:00:00Z') };
  const newer: ActiveSession = { sessionId: 's-2', deviceId: 'd-x', lastSeenAt: at('2026-03-05T10:00:00Z') };
  t.same(decideLogin([newer, older], 'd-x', false), { kind: 'reuse', sessionId: 's-2' });
  t.same(decideLogin([older, newer], 'd-x', false), { kind: 'reuse', sessionId: 's-2' });
});

t.test('when a session has an invalid lastSeenAt, then it counts as the oldest', async (t) => {
  const broken: ActiveSession = { sessionId: 'z', deviceId: 'd-z', lastSeenAt: new Date(Number.NaN) };
  t.same(decideLogin([phone, broken, laptop], 'd-new', true), { kind: 'evict', sessionId: 'z' });
});

t.test('when deciding, then the input list is left as it was', async (t) => {
  const active = [tablet, phone, laptop];
  decideLogin(active, 'd-new', false);
  t.same(active, [tablet, phone, laptop]);
});
