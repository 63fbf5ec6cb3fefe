import type { IncomingHttpHeaders } from 'node:http';
import type { IncomingHttpHeaders as Http2IncomingHttpHeaders } from 'node:http2';
import type { FastifyReply, FastifyRequest, RawServerBase, RequestGenericInterface } from 'fastify';
import { activeTraceparent } from '@joo/bus';

const HOP_BY_HOP = ['connection', 'upgrade', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding'];
/** What a client sends that the service does not get as sent: hop-by-hop, Host, and the headers set below. */
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'x-request-id', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host']);
/** What of a service's answer the gateway does not pass on (the length is decided in returnAnswerHeaders). */
const NOT_RETURNED = new Set([...HOP_BY_HOP]);

/** The header names a Connection header lists (RFC 9110 §7.6.1), lower-cased. */
function connectionListed(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value.join(',') : value).split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
}

/**
 * What a service learns about the caller. Client-sent X-Forwarded-* are replaced, never passed on:
 * only proxies the gateway trusts (TRUST_PROXY) contribute to the chain, so a client cannot pose as
 * another address to identity's per-IP throttling.
 */
export function forwardedHeaders(
  request: FastifyRequest<RequestGenericInterface, RawServerBase>,
  headers: IncomingHttpHeaders | Http2IncomingHttpHeaders,
): IncomingHttpHeaders {
  // Hop-by-hop (RFC 9110 §7.6.1): meant for the gateway, not the service, and so are the headers
  // the client's Connection names. An Upgrade would make the upstream client refuse the request
  // and the caller see a 502 for its own mistake. One pass into a fresh object: deleting from a
  // copy cost the gateway more per request than the rest of this function.
  const listed = connectionListed(headers.connection);
  const out: IncomingHttpHeaders = {};
  for (const name in headers) {
    if (!NOT_FORWARDED.has(name) && (listed.length === 0 || !listed.includes(name))) out[name] = headers[name] as string | string[];
  }
  out['x-request-id'] = String(request.id);
  // Only the client's address: services trust the gateway alone, and would take the last hop
  // of a longer chain (a proxy in front of the gateway) for the client.
  out['x-forwarded-for'] = request.ip;
  out['x-forwarded-proto'] = request.protocol;
  out['x-forwarded-host'] = request.host;
  // With OpenTelemetry running, the service's spans become children of the gateway's; without it
  // the client's traceparent (already in the copied headers) passes through unchanged.
  const traceparent = activeTraceparent();
  if (traceparent) out.traceparent = traceparent;
  return out;
}

/**
 * Puts a service's answer headers on the reply, but for hop-by-hop ones and those its Connection
 * names. With a body to send Fastify sets the length of what it sends; without one (HEAD, 204,
 * 304) the service's stays.
 */
export function returnAnswerHeaders(
  reply: FastifyReply<RequestGenericInterface, RawServerBase>,
  headers: Record<string, string | string[] | undefined>,
  withBody: boolean,
): void {
  const listed = connectionListed(headers.connection);
  for (const name in headers) {
    if (NOT_RETURNED.has(name) || (name === 'content-length' && withBody) || (listed.length !== 0 && listed.includes(name))) continue;
    reply.header(name, headers[name]);
  }
}
