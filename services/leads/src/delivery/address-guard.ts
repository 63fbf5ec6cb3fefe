import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { checkWebhookUrl, isAllowedAddress } from '../domain/addresses.js';

/** System DNS: every address of a host. */
export async function systemResolve(host: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) => (error ? reject(error) : resolve(addresses.map((a) => a.address))));
  });
}

/**
 * The full check of a webhook URL at registration: the static rules, then every address the
 * host resolves to must be allowed (public; loopback too when private webhooks are allowed).
 * Returns why not, or null.
 */
export async function webhookUrlProblem(
  raw: string, options: { allowPrivate: boolean; resolveHost: (host: string) => Promise<string[]> },
): Promise<string | null> {
  const verdict = checkWebhookUrl(raw, options);
  if (!verdict.ok) return verdict.reason;
  const host = verdict.url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return null; // literal addresses were checked above
  let addresses: string[];
  try {
    addresses = await options.resolveHost(host);
  } catch {
    return `host ${host} does not resolve`;
  }
  if (addresses.length === 0) return `host ${host} does not resolve`;
  const bad = addresses.find((a) => !isAllowedAddress(a, options.allowPrivate));
  return bad ? `host ${host} resolves to ${bad}, which is not a public address` : null;
}

/** Thrown (as a connection error) when a webhook host resolves to a forbidden address at delivery. */
export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDRESS';
  constructor(host: string, address: string) {
    super(`${host} resolved to ${address}, which is not a public address`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that resolves and checks in one step, at connection time: the
 * socket connects only to an address that passed, so a DNS answer that changes between
 * registration and delivery (DNS rebinding) cannot reach an internal address.
 */
export function guardedLookup(resolveHost: (host: string) => Promise<string[]>, allowPrivate: boolean) {
  return (host: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolveHost(host).then((addresses) => {
      if (addresses.length === 0) throw Object.assign(new Error(`${host} does not resolve`), { code: 'ENOTFOUND' });
      const bad = addresses.find((a) => !isAllowedAddress(a, allowPrivate));
      if (bad) throw new ForbiddenAddressError(host, bad);
      const list = addresses.map((address) => ({ address, family: isIP(address) }));
      if (options.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    }).catch((error: NodeJS.ErrnoException) => callback(error, ''));
  };
}
