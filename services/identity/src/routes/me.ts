import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { readConsents, replaceConsents } from '../usecases/consents.js';
import { requestErasure } from '../usecases/erasure-request.js';
import { acceptOffer, refuseOffer } from '../usecases/offers.js';
import { checkProfileChanges, getMe, updateMe } from '../usecases/profile.js';
import { bearer, Consents, Empty, Locale, Me, PREFIX, ProfileFields, problemsFor } from './schemas.js';
import { bodyObject, bodySchemaErrors, fieldsOf, throwIfAny, userAgentOf } from './validation.js';

const MePatch = Type.Object({
  fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  locale: Type.Optional(Locale),
  ...Object.fromEntries(Object.entries(ProfileFields).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof typeof ProfileFields]: ReturnType<typeof Type.Optional<(typeof ProfileFields)[K]>>
  },
}, { additionalProperties: false });

const ErasureBody = Type.Union([
  Type.Object({
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'where the notice goes; default: the account e-mail' })),
  }, { additionalProperties: false }),
  Type.Null(),
]);

export function meRoutes(app: App, ctx: IdentityContext): void {
  const auth = { preHandler: app.authenticate };

  app.get(`${PREFIX}/me`, {
    // The session is checked by getMe's read, in the same round trip as the profile.
    preHandler: app.verifyAccessToken,
    schema: { operationId: 'identityGetMe', tags: ['identity'], summary: 'Your profile', security: bearer, response: { 200: Me, ...problemsFor(401) } },
  }, async (request) => getMe(ctx, { userId: request.user.sub, sessionId: request.user.sid }));

  app.patch(`${PREFIX}/me`, {
    ...auth,
    attachValidation: true,
    schema: {
      operationId: 'identityUpdateMe',
      tags: ['identity'], summary: 'Change your profile; null deletes an optional field', security: bearer, body: MePatch,
      response: { 200: Me, ...problemsFor(400, 401, 409) },
    },
  }, async (request) => {
    const schemaErrors = bodySchemaErrors(request);
    const { errors, changes } = checkProfileChanges(bodyObject(request.body), fieldsOf(schemaErrors));
    throwIfAny([...schemaErrors, ...errors]);
    return updateMe(ctx, request.user.sub, changes);
  });

  app.get(`${PREFIX}/me/consents`, {
    ...auth,
    schema: { operationId: 'identityGetConsents', tags: ['identity'], summary: 'Your consents', security: bearer, response: { 200: Consents, ...problemsFor(401) } },
  }, async (request) => readConsents(ctx, request.user.sub));

  app.put(`${PREFIX}/me/consents`, {
    ...auth,
    schema: {
      operationId: 'identitySetConsents',
      tags: ['identity'], summary: 'Set your consents', security: bearer, body: Consents,
      response: { 200: Consents, ...problemsFor(400, 401) },
    },
  }, async (request) => replaceConsents(ctx, request.user.sub, request.body));

  app.post(`${PREFIX}/me/erasure-request`, {
    ...auth,
    schema: {
      operationId: 'identityRequestErasure',
      tags: ['identity'], summary: 'Ask for your personal data to be erased (offer 8.7)', security: bearer, body: ErasureBody,
      response: { 202: Type.Object({ scheduledFor: Type.String({ format: 'date' }) }), ...problemsFor(400, 401) },
    },
  }, async (request, reply) => {
    const result = await requestErasure(ctx, request.user.sub, request.body?.email);
    return reply.code(202).send(result);
  });

  app.post(`${PREFIX}/me/offer-acceptance`, {
    ...auth,
    schema: {
      operationId: 'identityAcceptOffer',
      tags: ['identity'], summary: 'Accept the current offer', security: bearer,
      body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ version: Type.Integer(), acceptedAt: Type.String({ format: 'date-time' }) }), ...problemsFor(400, 401) },
    },
  }, async (request) => acceptOffer(ctx, request.user.sub, request.body.version, { ip: request.ip, userAgent: userAgentOf(request) }));

  app.post(`${PREFIX}/me/offer-refusal`, {
    ...auth,
    schema: {
      operationId: 'identityRefuseOffer',
      tags: ['identity'], summary: 'Refuse the offer: closes the account and signs out every device', security: bearer,
      response: { 204: Empty, ...problemsFor(401, 403) },
    },
  }, async (request, reply) => {
    await refuseOffer(ctx, request.user.sub, { ip: request.ip, userAgent: userAgentOf(request) });
    return reply.code(204).send(null);
  });
}
