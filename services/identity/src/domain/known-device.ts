/**
 * OWASP's device-cookie rule for sign-in throttling: a device that has signed in before sends back
 * the token it was given, and is then throttled on that token's failures alone; every other login
 * is throttled per account. So someone who knows a student's e-mail or phone can lock out only the
 * devices the student has never signed in on.
 */

/** A device token stops counting this long after the sign-in that issued it. */
export const DEVICE_TOKEN_TTL_MS = 365 * 24 * 3600_000;

/** Wrong passwords on one device token within the throttle window before the token is revoked. */
export const DEVICE_TOKEN_MAX_FAILURES = 5;

export interface DeviceTokenRecord {
  id: string;
  userId: string;
  deviceId: string;
  issuedAt: Date;
  revokedAt: Date | null;
}

/**
 * Whether the presented token (found by its hash, or undefined) makes this login a known device's:
 * live, issued to this account and to the device id the login names, and not too old. A forged
 * token, another user's, a revoked or an expired one are all simply unknown.
 */
export function isKnownDevice(
  token: DeviceTokenRecord | undefined, login: { userId: string; deviceId: string }, now: Date,
): token is DeviceTokenRecord {
  return token !== undefined
    && token.revokedAt === null
    && token.userId === login.userId
    && token.deviceId === login.deviceId
    && now.getTime() - token.issuedAt.getTime() < DEVICE_TOKEN_TTL_MS;
}

/** The failure counter a login is throttled on: the known device's own, else the account's. */
export function throttleKeyOf(accountKey: string, device: DeviceTokenRecord | undefined): string {
  return device ? `device:${device.id}` : accountKey;
}
