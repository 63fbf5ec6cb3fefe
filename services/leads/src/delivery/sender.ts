import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isAllowedAddress } from '../domain/addresses.js';
import { guardedLookup } from './address-guard.js';

export interface SendResult {
  /** 2xx */
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export interface SendOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  resolveHost: (host: string) => Promise<string[]>;
}

// Keep-alive to partners: a lead right after another reuses the TLS connection.
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 16 }), https: new https.Agent({ keepAlive: true, maxSockets: 16 }) };

/**
 * One POST to a partner's webhook. Redirects are not followed (a 3xx is a failure: a redirect
 * could lead anywhere); the answer's body is read and dropped; the whole exchange is bounded by
 * `timeoutMs`.
 */
export function sendWebhook(options: SendOptions): Promise<SendResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      resolve({ ok: false, statusCode: null, error: 'the webhook URL is not valid' });
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !isAllowedAddress(host, options.allowPrivate)) {
      resolve({ ok: false, statusCode: null, error: `${host} is not a public address` });
      return;
    }
    const secure = url.protocol === 'https:';
    if (!secure && !(options.allowPrivate && url.protocol === 'http:')) {
      resolve({ ok: false, statusCode: null, error: 'the webhook URL must be https' });
      return;
    }
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = (secure ? https : http).request(url, {
      method: 'POST',
      agent: secure ? agents.https : agents.http,
      headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
      lookup: guardedLookup(options.resolveHost, options.allowPrivate) as never,
    }, (response) => {
      const statusCode = response.statusCode ?? 0;
      response.on('data', () => {});
      response.on('end', () => finish({ ok: statusCode >= 200 && statusCode < 300, statusCode, error: statusCode >= 200 && statusCode < 300 ? null : `answered ${statusCode}` }));
      response.on('error', (error) => finish({ ok: false, statusCode, error: error.message }));
      response.on('close', () => finish({ ok: false, statusCode, error: 'the connection closed before the answer ended' }));
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on('error', (error) => finish({ ok: false, statusCode: null, error: error.message.slice(0, 300) }));
    request.end(options.body);
  });
}

export function closeSenderAgents(): void {
  agents.http.destroy();
  agents.https.destroy();
}
