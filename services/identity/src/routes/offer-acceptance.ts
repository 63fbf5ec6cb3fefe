import { Type } from 'typebox';
import { ProblemSchema, type App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { login } from '../usecases/login.js';
import { DeviceLimitProblem, LoginBody, LoginResponse, signInOf } from './auth.js';
import { PREFIX, problemsFor } from './schemas.js';
import { userAgentOf } from './validation.js';

/** 403 offer-acceptance-required (POST /login) names the offer to accept; 403 suspended, the reason. */
export const OfferProblem = Type.Intersect([ProblemSchema, Type.Object({
  offer: Type.Optional(Type.Object({ version: Type.Integer(), effectiveAt: Type.String({ format: 'date-time' }), url: Type.String() })),
  reason: Type.Optional(Type.String({ description: 'why the account is suspended (offer 7.1.3)' })),
})]);

const AcceptanceBody = Type.Object({
  ...LoginBody.properties,
  offerVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'the version the client showed; must be the current one' })),
}, { additionalProperties: false });

/**
 * Offer 2.7 / 3.10: after refusing the offer, access comes back by signing in with the login and
 * password and accepting the current offer. It signs in like POST /login (same throttle, same 401
 * for a wrong login or password) and answers the same tokens; any account may use it to accept
 * the current offer while signing in.
 */
export function offerAcceptanceRoutes(app: App, ctx: IdentityContext): void {
  app.post(`${PREFIX}/offer-acceptance`, {
    schema: {
      operationId: 'identityAcceptOfferAtSignIn', security: [],
      tags: ['identity'], summary: 'Accept the current offer and sign in (restores an account whose owner refused the offer)',
      body: AcceptanceBody,
      response: {
        200: LoginResponse, ...problemsFor(400, 401, 429), 403: OfferProblem, 409: DeviceLimitProblem,
      },
    },
  }, async (request) => login(ctx, {
    ...signInOf(request.body),
    acceptOffer: {
      ...(request.body.offerVersion === undefined ? {} : { version: request.body.offerVersion }),
      ip: request.ip, userAgent: userAgentOf(request),
    },
  }, request.ip));
}
