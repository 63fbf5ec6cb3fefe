import ipaddr from 'ipaddr.js';

/**
 * SSRF guard for partner webhook URLs. A webhook reaches public unicast addresses only — never
 * private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved
 * or IPv4-mapped and NAT64 forms of those. Development and tests (`ALLOW_PRIVATE_WEBHOOKS`) may
 * also use http and loopback, where the fake partners listen — nothing else: a laptop or CI
 * runner in a cloud has a metadata service too.
 */
function parsed(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(address)) return null;
  const ip = ipaddr.parse(address);
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

export function isPublicAddress(address: string): boolean {
  return parsed(address)?.range() === 'unicast';
}

/** Whether a webhook may connect to `address`: public, or loopback when private webhooks are allowed. */
export function isAllowedAddress(address: string, allowPrivate: boolean): boolean {
  const range = parsed(address)?.range();
  return range === 'unicast' || (allowPrivate && range === 'loopback');
}

// Names of cloud metadata services (GCP, Azure's and AWS's aliases): refused whatever they resolve to.
const METADATA_HOSTS = /^(metadata(\.google\.internal|\.goog|\.azure\.com)?|instance-data(\.ec2\.internal)?)\.?$/i;
const LOCAL_NAMES = /^localhost\.?$|\.localhost\.?$|\.local\.?$|\.internal\.?$/i;

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * The checks that need no DNS: scheme, credentials, literal addresses and names. The WHATWG URL
 * parser turns every spelling of an IPv4 address (`0xa9fea9fe`, `2852039166`, `0251.0376.0251.0376`)
 * into dotted decimal first, so the address rules see the one true address.
 */
export function checkWebhookUrl(raw: string, options: { allowPrivate: boolean }): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not an absolute URL' };
  }
  if (url.protocol !== 'https:' && !(options.allowPrivate && url.protocol === 'http:')) return { ok: false, reason: 'must be an https:// URL' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password' };
  if (url.hash) return { ok: false, reason: 'must not have a #fragment' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) {
    return isAllowedAddress(host, options.allowPrivate) ? { ok: true, url } : { ok: false, reason: 'must not point at a private, loopback, link-local or reserved address' };
  }
  if (METADATA_HOSTS.test(host)) return { ok: false, reason: 'must not point at a cloud metadata service' };
  if (!options.allowPrivate && LOCAL_NAMES.test(host)) return { ok: false, reason: 'must name a public host' };
  return { ok: true, url };
}
