import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { PiiCrypto } from './crypto/pii.js';
import type { IdentityMetrics } from './metrics.js';
import type { MeReads } from './store/me.js';
import type { AccessTokenIssuer } from './tokens/access.js';

export const SOURCE = 'identity';

/** What the use cases need; built once by buildApp. */
export interface IdentityContext extends OutboxContext {
  clock: () => Date;
  pii: PiiCrypto;
  tokens: AccessTokenIssuer;
  commonPasswords: ReadonlySet<string>;
  metrics: IdentityMetrics;
  /** GET /me's read of the user and the session, batched (store/me.ts). */
  meReads: MeReads;
}

/** This service's side of the outbox: outboxWriter of @joo/bus documents each. */
export const { write, emit } = outboxWriter(SOURCE);

export { isUniqueViolation } from '@joo/db';
