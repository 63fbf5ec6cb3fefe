import { Value } from 'typebox/value';
import { startEphemeralConsumer, type Bus, type BusLogger, type ConsumerHandle } from '@joo/bus';
import { SessionRevoked, type Envelope } from '@joo/contracts';

/** Kept past `tokensValidUntil` so a gateway clock a little behind identity's still refuses. */
export const CLOCK_SKEW_MS = 60_000;

/**
 * Session ids whose access tokens must be refused, each until its last token has expired.
 * In memory only: it is rebuilt from the stream on every start.
 */
export class RevokedSessions {
  readonly #until = new Map<string, number>();
  #lastPrune = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Refuse this session's tokens until `validUntil` (epoch ms) plus the clock-skew margin. */
  add(sessionId: string, validUntil: number): void {
    const until = validUntil + CLOCK_SKEW_MS;
    const now = this.now();
    if (until <= now) return;
    this.#until.set(sessionId, Math.max(until, this.#until.get(sessionId) ?? 0));
    if (now - this.#lastPrune > 60_000) this.prune();
  }

  has(sessionId: string): boolean {
    const until = this.#until.get(sessionId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.#until.delete(sessionId);
    return false;
  }

  /** Forgets sessions whose tokens have all expired; returns how many remain. */
  prune(): number {
    const now = this.now();
    this.#lastPrune = now;
    for (const [sessionId, until] of this.#until) if (until <= now) this.#until.delete(sessionId);
    return this.#until.size;
  }

  get size(): number {
    return this.prune();
  }
}

/**
 * Applies one `identity.session.revoked.v1`. Data that does not match the contract still revokes
 * the session when it names one (refusing too long is safer than accepting a revoked token).
 */
export function applyRevocation(revoked: RevokedSessions, event: Envelope, fallbackMs: number, log: BusLogger): void {
  if (Value.Check(SessionRevoked.schema, event.data)) {
    revoked.add(event.data.sessionId, Date.parse(event.data.tokensValidUntil));
    return;
  }
  const sessionId = (event.data as { sessionId?: unknown } | null)?.sessionId;
  if (typeof sessionId !== 'string' || sessionId === '') {
    log.error({ eventId: event.id }, 'session.revoked without a session id: ignored');
    return;
  }
  const until = Date.parse(String((event.data as { tokensValidUntil?: unknown }).tokensValidUntil));
  log.warn({ eventId: event.id }, 'session.revoked does not match its schema: revoking anyway');
  revoked.add(sessionId, Number.isFinite(until) ? until : Date.now() + fallbackMs);
}

export interface RevocationFeedOptions {
  bus: Bus;
  revoked: RevokedSessions;
  log: BusLogger;
  /** Replay revocations published this long ago; longer than an access token lives. */
  lookbackMs: number;
}

/** Feeds the set from identity's stream, starting `lookbackMs` back. Stop it before closing the bus. */
export function startRevocationFeed(options: RevocationFeedOptions): Promise<ConsumerHandle> {
  const { bus, revoked, log, lookbackMs } = options;
  return startEphemeralConsumer({
    bus,
    source: 'identity',
    types: [SessionRevoked.type],
    deliverFrom: new Date(Date.now() - lookbackMs),
    name: 'gateway-revocations',
    log,
    handle: async (event) => applyRevocation(revoked, event, lookbackMs, log),
  });
}
