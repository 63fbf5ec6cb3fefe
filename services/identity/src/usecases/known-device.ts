import type { Queryable } from '@joo/db';
import { DEVICE_TOKEN_MAX_FAILURES, isKnownDevice, type DeviceTokenRecord } from '../domain/known-device.js';
import { clearAccountFailures, recentFailures } from '../store/login-failures.js';
import { findDeviceToken, revokeDeviceToken } from '../store/device-tokens.js';
import { hashSecretToken } from '../tokens/secret.js';
import { THROTTLE } from './login-throttle.js';

/** The device token of this login when it is a known device's (see isKnownDevice); else undefined. */
export async function recogniseDevice(
  db: Queryable, token: string | undefined, login: { userId: string; deviceId: string }, now: Date,
): Promise<DeviceTokenRecord | undefined> {
  if (!token) return undefined;
  const record = await findDeviceToken(db, hashSecretToken(token));
  return isKnownDevice(record, login, now) ? record : undefined;
}

/**
 * After a wrong password from a known device (the failure already settled under its key): once
 * the token has had its share of failures in the window it is revoked, so the device is unknown
 * from then on and throttled per account like any other.
 */
export async function afterDeviceFailure(db: Queryable, device: DeviceTokenRecord, deviceKey: string, ip: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const pendingSince = new Date(now.getTime() - THROTTLE.pendingMs);
  const { account: failures } = await recentFailures(db, { accountKey: deviceKey, ip, since, pendingSince });
  if (failures < DEVICE_TOKEN_MAX_FAILURES) return;
  await revokeDeviceToken(db, device.id, now);
  await clearAccountFailures(db, deviceKey);
}
