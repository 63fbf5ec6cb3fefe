import t from 'tap';
import fc from 'fast-check';
import { assertProperty } from '@joo/testing';
import { decideLogin, MAX_ACTIVE_SESSIONS, type ActiveSession } from '../../src/domain/device-limit.js';

/** One login attempt: from which of a few devices, whether it asks to sign the oldest out, how much later. */
const attempt = fc.record({ deviceId: fc.constantFrom('d-1', 'd-2', 'd-3', 'd-4', 'd-5', 'd-6'), evictOldest: fc.boolean(), afterMs: fc.nat({ max: 3_600_000 }) });

/**
 * Plays a user's logins against the rule the way the login use case applies its decisions, and
 * checks after each one what offer 6.1.6 promises. Returns the first broken promise, or null.
 */
function playLogins(attempts: ReadonlyArray<{ deviceId: string; evictOldest: boolean; afterMs: number }>): string | null {
  let active: ActiveSession[] = [];
  let now = Date.parse('2026-03-01T00:00:00Z');
  let next = 0;
  for (const { deviceId, evictOldest, afterMs } of attempts) {
    now += afterMs;
    const before = active;
    const decision = decideLogin(active, deviceId, evictOldest);
    const hasDevice = before.some((s) => s.deviceId === deviceId);
    const oldest = Math.min(...before.map((s) => s.lastSeenAt.getTime()));
    switch (decision.kind) {
      case 'reuse':
        if (!hasDevice) return `reused a session of another device for ${deviceId}`;
        active = before.map((s) => (s.sessionId === decision.sessionId ? { ...s, lastSeenAt: new Date(now) } : s));
        break;
      case 'new':
        if (hasDevice) return `opened a second session for ${deviceId}`;
        active = [...before, { sessionId: `s-${(next += 1)}`, deviceId, lastSeenAt: new Date(now) }];
        break;
      case 'evict': {
        const evicted = before.find((s) => s.sessionId === decision.sessionId);
        if (!evictOldest || hasDevice || before.length < MAX_ACTIVE_SESSIONS) return `evicted without cause at ${before.length} sessions`;
        if (evicted?.lastSeenAt.getTime() !== oldest) return `evicted ${decision.sessionId}, not the least recently used`;
        active = [...before.filter((s) => s !== evicted), { sessionId: `s-${(next += 1)}`, deviceId, lastSeenAt: new Date(now) }];
        if (active.length !== MAX_ACTIVE_SESSIONS) return `evicting left ${active.length} sessions`;
        break;
      }
      case 'refuse': {
        if (evictOldest || hasDevice || before.length < MAX_ACTIVE_SESSIONS) return `refused without cause at ${before.length} sessions`;
        const seen = decision.devices.map((s) => s.lastSeenAt.getTime());
        if (decision.devices.length !== before.length || seen.some((time, i) => i > 0 && time < seen[i - 1]!)) return 'refusal lists the devices out of order';
        break;
      }
    }
    if (active.length > MAX_ACTIVE_SESSIONS) return `${active.length} active sessions after ${deviceId}`;
    if (new Set(active.map((s) => s.deviceId)).size !== active.length) return 'two sessions on one device';
    if (!active.some((s) => s.deviceId === deviceId) && decision.kind !== 'refuse') return `${deviceId} signed in without a session`;
  }
  return null;
}

t.test('when a user signs in from any devices in any order, then at most three are ever signed in', async (t) => {
  assertProperty(t, 'no login sequence breaks the limit, evicts anyone but the oldest, or refuses without cause', fc.property(
    fc.array(attempt, { minLength: 1, maxLength: 40 }),
    (attempts) => playLogins(attempts) === null,
  ), 500);
});

const session = fc.record({
  sessionId: fc.uuid(),
  deviceId: fc.constantFrom('d-1', 'd-2', 'd-3', 'd-4', 'd-5'),
  lastSeenAt: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
});

t.test('when the same sessions come in any order, then the decision is the same', async (t) => {
  assertProperty(t, 'decideLogin does not depend on the order of the rows', fc.property(
    fc.uniqueArray(session, { selector: (s) => s.sessionId, maxLength: 5 }), fc.constantFrom('d-1', 'd-6'), fc.boolean(), fc.nat(),
    (active, deviceId, evictOldest, rotation) => {
      const shift = active.length ? rotation % active.length : 0;
      const rotated = [...active.slice(shift), ...active.slice(0, shift)].reverse();
      return JSON.stringify(decideLogin(active, deviceId, evictOldest)) === JSON.stringify(decideLogin(rotated, deviceId, evictOldest));
    },
  ), 500);
});
