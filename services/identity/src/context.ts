import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { PiiCrypto } from './crypto/pii.js';
import type { IdentityMetrics } from './metrics.js';
import type { AccessTokenIssuer } from './tokens/access.js';

export const SOURCE = 'identity';

/** What the use cases need; built once by buildApp. */
export interface IdentityContext extends OutboxContext {
  clock: () => Date;
  pii: PiiCrypto;
  tokens: AccessTokenIssuer;
  commonPasswords: ReadonlySet<string>;
  metrics: IdentityMetrics;
}

const outbox = outboxWriter(SOURCE);

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export const write = outbox.write;
/** Writes an identity event to the outbox inside the caller's transaction. */
export const emit = outbox.emit;

export { isUniqueViolation } from '@joo/db';
