import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/** A port held by a listening socket of this process until `release` closes it. */
export interface ReservedPort {
  port: number;
  release(): Promise<void>;
}

const LOWEST = 10_000;
const ATTEMPTS = 200;

/**
 * The kernel's ephemeral range (the ports listen(0) and outgoing connections get), or Linux's
 * default where it cannot be read.
 */
export function ephemeralRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return { low: low!, high: high! };
  } catch {
    // not Linux, or no /proc: fall through
  }
  return { low: 32_768, high: 60_999 };
}

function listen(port: number): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(null) : reject(error)));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

/**
 * Reserves a port for a child process to listen on. A port picked with listen(0) and closed at
 * once was seen taken before the child bound it: test files run in parallel, and their fakes'
 * listen(0) and their outgoing connections draw from the same ephemeral range. So the port comes
 * from below that range, where the kernel hands out nothing by itself, and stays bound here until
 * just before the child starts, so a parallel run trying the same number is refused meanwhile.
 */
export async function reservePort(): Promise<ReservedPort> {
  const { low } = ephemeralRange();
  const span = low - LOWEST;
  for (let attempt = 0; span > 0 && attempt < ATTEMPTS; attempt++) {
    const server = await listen(LOWEST + Math.floor(Math.random() * span));
    if (server) return held(server);
  }
  // No room below the ephemeral range: the kernel's choice, still held until released.
  const server = await listen(0);
  if (!server) throw new Error('could not reserve a port');
  return held(server);
}

function held(server: Server): ReservedPort {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | null = null;
  return {
    port,
    release: () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}
