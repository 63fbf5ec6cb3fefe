import { STATUS_CODES, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problems.js';

/** A client that has not sent its headers after this long is answered 408 (Node waits 60 s). */
export const HEADERS_TIMEOUT_MS = 20_000;

// What Node's HTTP parser reports, by the answer it deserves.
const ANSWERS: Record<string, { status: number; code: string; title: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers-too-large', title: 'The URL or headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request-timeout', title: 'The request did not arrive in time' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, code: 'body-too-large', title: 'The chunk extensions are too large' },
};
const MALFORMED = { status: 400, code: 'malformed-request', title: 'The request is not valid HTTP' };

/**
 * The answer to a request Node's HTTP parser refused before Fastify saw it (a URL over the header
 * limit, bytes after a short Content-Length, headers that never end): a problem like every other
 * error, written straight to the socket, which is then closed since nobody knows where the next
 * request would start.
 */
export function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const answer = (error.code && ANSWERS[error.code]) || MALFORMED;
  const body = JSON.stringify(problemBody({ ...answer, detail: error.code ?? error.message }));
  return [
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    'x-content-type-options: nosniff',
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.debug({ err: error }, 'client error before routing');
  if (socket.writable) socket.end(clientErrorResponse(error), () => socket.destroy());
  else socket.destroy();
}

/**
 * The Fastify options that make errors raised before routing problems too, and bound how long a
 * client may take to send its headers (slowloris): checked every second rather than Node's 30.
 */
export function clientErrorOptions(headersTimeoutMs = HEADERS_TIMEOUT_MS): {
  clientErrorHandler: typeof clientErrorHandler; http: ServerOptions;
} {
  return {
    clientErrorHandler,
    http: { headersTimeout: headersTimeoutMs, connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs) },
  };
}
