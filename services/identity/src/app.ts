import type { Pool } from '@joo/db';
import { createService, type App } from '@joo/service-kit';
import { Registry } from 'prom-client';
import type { IdentityContext } from './context.js';
import { createPiiCrypto } from './crypto/pii.js';
import { loadCommonPasswords } from './domain/common-passwords.js';
import { identityMetrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { meRoutes } from './routes/me.js';
import { publicRoutes } from './routes/public.js';
import { sessionRoutes } from './routes/sessions.js';
import { isSessionRevoked } from './store/sessions.js';
import { createAccessTokenIssuer } from './tokens/access.js';
import type { SigningKey } from './tokens/keys.js';

export interface BuildAppDeps {
  pool: Pool;
  signingKey: SigningKey;
  pii: { encryptionKey: string; hmacKey: string };
  issuer?: string;
  audience?: string;
  logLevel?: string;
  /** Whose X-Forwarded-For to believe (the gateway); proxy-addr syntax or true/false. */
  trustProxy?: boolean | string;
  clock?: () => Date;
  /** Called after a commit that wrote events: main passes the relay's wake(). */
  onOutboxWrite?: () => void;
  /** The deny list for new passwords; loaded from the package and data/ when not given. */
  commonPasswords?: ReadonlySet<string>;
}

/** The identity service as a Fastify app; main.ts listens with it, tests inject into it. */
export async function buildApp(deps: BuildAppDeps): Promise<App> {
  const issuer = deps.issuer ?? 'joo-identity';
  const audience = deps.audience ?? 'joo-platform';
  const registry = new Registry();
  const ctx: IdentityContext = {
    pool: deps.pool,
    clock: deps.clock ?? (() => new Date()),
    pii: createPiiCrypto(deps.pii),
    tokens: createAccessTokenIssuer({ key: deps.signingKey, issuer, audience }),
    commonPasswords: deps.commonPasswords ?? (await loadCommonPasswords()),
    onOutboxWrite: deps.onOutboxWrite ?? (() => {}),
    metrics: identityMetrics(registry),
  };

  const app = await createService({
    name: 'identity',
    description: 'Users, offer acceptance, sessions and devices, profile and personal data, consents, erasure',
    ...(deps.logLevel ? { logLevel: deps.logLevel } : {}),
    trustProxy: deps.trustProxy ?? false,
    metricsRegistry: registry,
    auth: {
      issuer,
      audience,
      keys: { publicKeys: (kid) => (kid === deps.signingKey.kid ? deps.signingKey.publicKey : undefined) },
      // One primary-key lookup per authenticated request: identity refuses a revoked session's
      // token at once, on every replica.
      isSessionRevoked: (sid) => isSessionRevoked(deps.pool, sid),
    },
  });
  app.addReadinessCheck('postgres', () => deps.pool.query('SELECT 1'));

  publicRoutes(app, ctx, deps.signingKey);
  authRoutes(app, ctx);
  sessionRoutes(app, ctx);
  meRoutes(app, ctx);
  adminRoutes(app, ctx);
  return app;
}
