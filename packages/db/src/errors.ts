/** PostgreSQL's unique_violation (23505), optionally on one constraint (index) only. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null | undefined;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

// SQLSTATEs of a server going away or not yet back: admin_shutdown (a restart or
// pg_terminate_backend), crash_shutdown, cannot_connect_now (starting up, shutting down, in recovery),
// too_many_connections; class 08 is every connection exception.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
// What Node's sockets say when the server is not there (refused while it restarts, reset when it
// is killed, unresolvable while a failover moves its name).
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres and pg-pool signal a lost or unobtainable connection with these messages only.
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect)/;

/**
 * True when `error` says the database cannot be reached right now (restart, failover, a killed
 * connection) rather than that the request or the SQL was wrong: retrying later may succeed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown } | null | undefined;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (UNAVAILABLE_STATES.has(e.code) || e.code.startsWith('08') || SOCKET_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && LOST_CONNECTION.test(e.message)) return true;
  // Connecting to every address of a name (IPv6 and IPv4 of localhost) fails with all of them.
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable);
}
