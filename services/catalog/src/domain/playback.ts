import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed playback URLs: like a CDN's signed URL, the link itself is the permission, so a video
 * player that cannot send an Authorization header can still use it. The signature binds the
 * content, the user it was issued to and the expiry; it is HMAC-SHA256 under a key only catalog
 * holds, compared in constant time.
 */
export interface PlaybackGrant {
  contentId: string;
  userId: string;
  /** Unix seconds after which the URL no longer works. */
  expires: number;
}

export type PlaybackVerdict = { ok: true } | { ok: false; reason: 'bad-signature' | 'expired' };

export interface PlaybackSigner {
  ttlSeconds: number;
  sign(grant: PlaybackGrant): string;
  verify(grant: PlaybackGrant, signature: string, now: Date): PlaybackVerdict;
  /** The full URL: `<base>/v1/catalog/playback/<id>?user=&expires=&signature=`. */
  url(base: string, grant: PlaybackGrant): string;
}

const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

const trimmed = (base: string) => (base.endsWith('/') ? base.replace(/\/+$/, '') : base);

export function createPlaybackSigner(keyBase64: string, ttlSeconds: number): PlaybackSigner {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('the playback signing key must be 32 bytes');
  // Newline-separated fields: none of them can contain one (uuid, uuid, integer).
  const mac = (g: PlaybackGrant) => createHmac('sha256', key).update(`playback.v1\n${g.contentId}\n${g.userId}\n${g.expires}`).digest();
  return {
    ttlSeconds,
    sign: (grant) => mac(grant).toString('base64url'),
    verify(grant, signature, now) {
      if (!SIGNATURE.test(signature)) return { ok: false, reason: 'bad-signature' };
      const given = Buffer.from(signature, 'base64url');
      if (!timingSafeEqual(given, mac(grant))) return { ok: false, reason: 'bad-signature' };
      if (now.getTime() >= grant.expires * 1000) return { ok: false, reason: 'expired' };
      return { ok: true };
    },
    url(base, grant) {
      // Written out rather than through URLSearchParams: this runs on every opened item, and the
      // signature is base64url and the expiry digits, so only the user needs escaping.
      const signature = mac(grant).toString('base64url');
      return `${trimmed(base)}/v1/catalog/playback/${encodeURIComponent(grant.contentId)}?user=${encodeURIComponent(grant.userId)}&expires=${grant.expires}&signature=${signature}`;
    },
  };
}

/** The expiry of a URL issued at `now`, in unix seconds. */
export function expiryFrom(now: Date, ttlSeconds: number): number {
  return Math.floor(now.getTime() / 1000) + ttlSeconds;
}
