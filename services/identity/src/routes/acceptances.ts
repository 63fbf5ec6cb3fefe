import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { listAcceptances } from '../store/policy-acceptances.js';
import { bearer, PREFIX, problemsFor } from './schemas.js';

const Acceptance = Type.Object({
  policy: Type.Enum(['offer', 'cookie-policy', 'parental-consent'], {
    description: 'offer: the public offer (2.4); cookie-policy: the site\'s cookie policy (3.7); parental-consent: a parent\'s or legal representative\'s consent (8.2)',
  }),
  version: Type.Integer(),
  acceptedAt: Type.String({ format: 'date-time' }),
});

export function acceptanceRoutes(app: App, ctx: IdentityContext): void {
  app.get(`${PREFIX}/me/acceptances`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'identityListMyAcceptances',
      tags: ['identity'], summary: 'What you accepted and when: the offer, the cookie policy, the parental consent; newest first', security: bearer,
      response: { 200: Type.Object({ items: Type.Array(Acceptance) }), ...problemsFor(401) },
    },
  }, async (request) => ({ items: await listAcceptances(ctx.pool, request.user.sub) }));
}
