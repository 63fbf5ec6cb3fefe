import t from 'tap';
import { DEVICE_TOKEN_TTL_MS, isKnownDevice, throttleKeyOf, type DeviceTokenRecord } from '../../src/domain/known-device.js';

const now = new Date('2026-03-10T08:00:00Z');
const token: DeviceTokenRecord = { id: 'tok-1', userId: 'u-1', deviceId: 'phone', issuedAt: new Date('2026-03-01T08:00:00Z'), revokedAt: null };
const login = { userId: 'u-1', deviceId: 'phone' };

t.test('a live token of this account and device makes a known device', async (t) => {
  t.ok(isKnownDevice(token, login, now));
});

t.test('anything else is an unknown device', async (t) => {
  t.notOk(isKnownDevice(undefined, login, now), 'no token found');
  t.notOk(isKnownDevice({ ...token, userId: 'u-2' }, login, now), 'another user\'s');
  t.notOk(isKnownDevice({ ...token, deviceId: 'laptop' }, login, now), 'another device\'s');
  t.notOk(isKnownDevice({ ...token, revokedAt: now }, login, now), 'revoked');
  t.notOk(isKnownDevice({ ...token, issuedAt: new Date(now.getTime() - DEVICE_TOKEN_TTL_MS) }, login, now), 'as old as its lifetime');
  t.ok(isKnownDevice({ ...token, issuedAt: new Date(now.getTime() - DEVICE_TOKEN_TTL_MS + 1) }, login, now), 'a millisecond younger still counts');
});

t.test('a known device is throttled on its token, an unknown one on the account', async (t) => {
  t.equal(throttleKeyOf('user:u-1', token), 'device:tok-1');
  t.equal(throttleKeyOf('user:u-1', undefined), 'user:u-1');
});
