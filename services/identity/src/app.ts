import { ADMIN_TAG, PLATFORM_AUDIENCE, PLATFORM_ISSUER, type AuthOptions, type ServiceAuth } from '@joo/service-kit';
import { createServiceApp, outboxContext, type BuiltService, type OutboxDeps } from '@joo/service-runtime';
import { Registry } from 'prom-client';
import type { IdentityContext } from './context.js';
import { createPiiCrypto } from './crypto/pii.js';
import { loadCommonPasswords } from './domain/common-passwords.js';
import { identityMetrics } from './metrics.js';
import { accountSecurityRoutes } from './routes/account-security.js';
import { acceptanceRoutes } from './routes/acceptances.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { meRoutes } from './routes/me.js';
import { offerAcceptanceRoutes } from './routes/offer-acceptance.js';
import { passwordResetRoutes } from './routes/password-reset.js';
import { publicRoutes } from './routes/public.js';
import { restrictionRoutes } from './routes/restrictions.js';
import { roleRoutes } from './routes/roles.js';
import { sessionRoutes } from './routes/sessions.js';
import { meReads } from './store/me.js';
import { isSessionRevoked } from './store/sessions.js';
import { createAccessTokenIssuer } from './tokens/access.js';
import type { SigningKey } from './tokens/keys.js';

export interface BuildAppDeps extends OutboxDeps {
  /** Signs the access tokens identity issues; identity verifies them with its public half. */
  signingKey: SigningKey;
  /** The issuer and audience of the tokens (the platform's by default); the keys are signingKey's. */
  auth?: Omit<ServiceAuth, 'keys'>;
  pii: { encryptionKey: string; hmacKey: string };
  logLevel?: string;
  /** Whose X-Forwarded-For to believe (the gateway); proxy-addr syntax or true/false. */
  trustProxy?: boolean | string;
  clock?: () => Date;
  /** The deny list for new passwords; loaded from the package and data/ when not given. */
  commonPasswords?: ReadonlySet<string>;
}

/** The identity service as a Fastify app; main.ts listens with it, tests inject into it. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<IdentityContext>> {
  const issuer = deps.auth?.issuer ?? PLATFORM_ISSUER;
  const audience = deps.auth?.audience ?? PLATFORM_AUDIENCE;
  const registry = new Registry();
  const ctx: IdentityContext = {
    ...outboxContext(deps),
    clock: deps.clock ?? (() => new Date()),
    pii: createPiiCrypto(deps.pii),
    tokens: createAccessTokenIssuer({ key: deps.signingKey, issuer, audience }),
    commonPasswords: deps.commonPasswords ?? (await loadCommonPasswords()),
    metrics: identityMetrics(registry),
    meReads: meReads(deps.pool),
  };

  const auth: AuthOptions = {
    issuer,
    audience,
    keys: { publicKeys: (kid) => (kid === deps.signingKey.kid ? deps.signingKey.publicKey : undefined) },
    // One primary-key lookup per authenticated request: identity refuses a revoked session's
    // token at once, on every replica.
    isSessionRevoked: (sid) => isSessionRevoked(deps.pool, sid),
  };
  const app = await createServiceApp({ ...deps, auth }, {
    name: 'identity',
    description: 'Users, offer acceptance, sessions and devices, profile and personal data, consents, erasure',
    tags: [
      { name: 'identity', description: 'Registration, sign-in and tokens, sessions and devices, your profile, consents and erasure, the offer' },
      ADMIN_TAG,
    ],
    metricsRegistry: registry,
  });

  publicRoutes(app, ctx, deps.signingKey);
  authRoutes(app, ctx);
  offerAcceptanceRoutes(app, ctx);
  sessionRoutes(app, ctx);
  accountSecurityRoutes(app, ctx);
  passwordResetRoutes(app, ctx);
  meRoutes(app, ctx);
  acceptanceRoutes(app, ctx);
  adminRoutes(app, ctx);
  roleRoutes(app, ctx);
  restrictionRoutes(app, ctx);
  return { app, ctx };
}
