import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How a provider fake misbehaves on a request:
 * - `status`: answer that status (5xx, 4xx) with the provider's error body; nothing is accepted.
 * - `delayMs`: hold the answer that long (longer than the client's timeout makes a timeout). With
 *   `accept: true` the message is accepted before the delay (the provider got it, the client never
 *   heard), which is the case a sender must not turn into a duplicate.
 */
export type Fault =
  | { status: number; code?: number; message?: string }
  | { delayMs: number; accept?: boolean };

/** A queue of faults applied to the next requests of the sending endpoints, one per request. */
export class FaultQueue {
  private readonly queue: Fault[] = [];

  /** The next `count` sending requests get `fault`. */
  push(count: number, fault: Fault): void {
    for (let i = 0; i < count; i += 1) this.queue.push(fault);
  }

  take(): Fault | undefined {
    return this.queue.shift();
  }

  clear(): void {
    this.queue.length = 0;
  }

  get size(): number {
    return this.queue.length;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed || response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body === undefined ? '' : JSON.stringify(body));
}

/** Starts `server` on 127.0.0.1 (port 0: any free one) and returns its base URL. */
export function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`));
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export function httpServer(handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Server {
  return createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      sendJson(response, 500, { message: (error as Error).message });
    });
  });
}

/** Fire-and-forget POST with a timeout; returns the status (0 when the receiver could not be reached). */
export async function post(url: string, body: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<number> {
  try {
    const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
