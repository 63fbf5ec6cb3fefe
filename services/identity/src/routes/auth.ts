import { Type, type Static } from 'typebox';
import type { App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { login } from '../usecases/login.js';
import { refresh } from '../usecases/refresh.js';
import { checkRegistration, register } from '../usecases/register.js';
import { logout } from '../usecases/sessions.js';
import { bearer, Device, Empty, Locale, PREFIX, problemsFor, TokenPair } from './schemas.js';
import { bodyObject, bodySchemaErrors, fieldsOf, throwIfAny, userAgentOf } from './validation.js';
import { ProblemSchema } from '@joo/service-kit';

const RegisterBody = Type.Object({
  fullName: Type.String({ minLength: 1, maxLength: 200 }),
  region: Type.String({ minLength: 1, maxLength: 50 }),
  email: Type.String({ minLength: 3, maxLength: 254 }),
  phone: Type.String({ minLength: 1, maxLength: 32 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  locale: Locale,
  acceptOffer: Type.Boolean({ description: 'must be true' }),
  offerVersion: Type.Integer({ description: 'the version from GET /v1/identity/offers/current' }),
  consents: Type.Optional(Type.Object({
    marketingEmail: Type.Optional(Type.Boolean()),
    marketingSms: Type.Optional(Type.Boolean()),
    marketingCalls: Type.Optional(Type.Boolean()),
    crossBorder: Type.Optional(Type.Boolean({
      description: 'offer 3.7: personal data may go abroad to the mailing contractors (SendGrid, Twilio). Without it nothing is e-mailed or texted: messages wait in GET /v1/notifications/me',
    })),
    crossBorderTransfer: Type.Optional(Type.Boolean({ description: 'the same as crossBorder, under the name GET/PUT /v1/identity/me/consents use' })),
    parental: Type.Optional(Type.Boolean({
      description: 'offer 8.2: a student under 18 confirms that a parent or legal representative agreed to the processing of their personal data. Required (true) when birthDate makes the student a minor: else 422 parental-consent-required',
    })),
  }, { additionalProperties: false })),
  birthDate: Type.Optional(Type.String({
    format: 'date', description: 'optional; used only to tell whether the student is under 18 (offer 8.2) and not stored',
  })),
}, { additionalProperties: false });

export const LoginBody = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 254, description: 'e-mail or phone in any common spelling' }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  device: Type.Object({
    id: Type.String({ minLength: 1, maxLength: 128, description: 'stable id the client keeps for this device' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
  }, { additionalProperties: false }),
  evictOldest: Type.Optional(Type.Boolean({ description: 'sign out the least recently used device when 3 are in use' })),
  deviceToken: Type.Optional(Type.String({
    minLength: 1, maxLength: 200,
    description: 'the deviceToken the last sign-in on this device answered: a known device is not locked out by wrong passwords from elsewhere. An unknown, revoked or foreign token counts as none',
  })),
}, { additionalProperties: false });

// One flat object (not allOf): the pair as before, and the device token beside it.
export const LoginResponse = Type.Object({
  ...TokenPair.properties,
  deviceToken: Type.String({ description: 'keep it on this device and send it with its next sign-in; each sign-in answers a new one and the one before stops counting' }),
});

export const DeviceLimitProblem = Type.Intersect([ProblemSchema, Type.Object({ devices: Type.Array(Device) })]);

/** What a login body asks of the login use case (also the offer acceptance's, which signs in too). */
export function signInOf(body: Static<typeof LoginBody>) {
  return {
    login: body.login,
    password: body.password,
    device: body.device,
    evictOldest: body.evictOldest ?? false,
    ...(body.deviceToken === undefined ? {} : { deviceToken: body.deviceToken }),
  };
}

export function authRoutes(app: App, ctx: IdentityContext): void {
  app.post(`${PREFIX}/register`, {
    attachValidation: true,
    schema: {
      operationId: 'identityRegister', security: [],
      tags: ['identity'], summary: 'Register a student and accept the offer', body: RegisterBody,
      response: { 201: Type.Object({ userId: Type.String({ format: 'uuid' }) }), ...problemsFor(400, 409, 422) },
    },
  }, async (request, reply) => {
    const schemaErrors = bodySchemaErrors(request);
    const { errors, input } = await checkRegistration(ctx, bodyObject(request.body), fieldsOf(schemaErrors));
    throwIfAny([...schemaErrors, ...errors]);
    const result = await register(ctx, input!, { ip: request.ip, userAgent: userAgentOf(request) });
    return reply.code(201).send(result);
  });

  app.post(`${PREFIX}/login`, {
    schema: {
      operationId: 'identityLogin', security: [],
      tags: ['identity'], summary: 'Sign in on a device', body: LoginBody,
      response: { 200: LoginResponse, ...problemsFor(400, 401, 403, 429), 409: DeviceLimitProblem },
    },
  }, async (request) => login(ctx, signInOf(request.body), request.ip));

  app.post(`${PREFIX}/refresh`, {
    schema: {
      operationId: 'identityRefresh', security: [],
      tags: ['identity'], summary: 'Swap a refresh token for a new pair',
      body: Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: TokenPair, ...problemsFor(400, 401) },
    },
  }, async (request) => refresh(ctx, request.body.refreshToken));

  app.post(`${PREFIX}/logout`, {
    preHandler: app.authenticate,
    schema: { operationId: 'identityLogout', tags: ['identity'], summary: 'Sign out this device', security: bearer, response: { 204: Empty, ...problemsFor(401) } },
  }, async (request, reply) => {
    await logout(ctx, request.user.sub, request.user.sid);
    return reply.code(204).send(null);
  });
}
