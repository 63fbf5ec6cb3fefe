import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { confirmPasswordReset, requestPasswordReset } from '../usecases/password-reset.js';
import { Empty, PREFIX, problemsFor } from './schemas.js';

const Login = Type.String({ minLength: 1, maxLength: 254, description: 'e-mail or phone in any common spelling' });
const Accepted = Type.Object({ message: Type.String() });
/** The one answer to every request: nothing tells whether the login has an account. */
const ACCEPTED = { message: 'If this login belongs to an account, a code has been sent to it' };

/** Offer 6.3.1: a user who cannot sign in sets a new password with a code sent to their login. */
export function passwordResetRoutes(app: App, ctx: IdentityContext): void {
  app.post(`${PREFIX}/password-reset`, {
    schema: {
      operationId: 'identityRequestPasswordReset',
      tags: ['identity'], security: [], summary: 'Send a 6-digit password-reset code to this e-mail or phone (202 whether or not it has an account)',
      body: Type.Object({ login: Login }, { additionalProperties: false }),
      response: { 202: Accepted, ...problemsFor(400) },
    },
  }, async (request, reply) => {
    await requestPasswordReset(ctx, request.body, request.ip);
    return reply.code(202).send(ACCEPTED);
  });

  app.post(`${PREFIX}/password-reset/confirm`, {
    schema: {
      operationId: 'identityConfirmPasswordReset',
      tags: ['identity'], security: [], summary: 'Set a new password with the code; every session is signed out',
      body: Type.Object({
        login: Login,
        code: Type.String({ pattern: '^[0-9]{6}$', description: 'the 6 digits sent' }),
        newPassword: Type.String({ minLength: 1, maxLength: 1024, description: 'the registration password policy applies' }),
      }, { additionalProperties: false }),
      response: { 204: Empty, ...problemsFor(400) },
    },
  }, async (request, reply) => {
    await confirmPasswordReset(ctx, request.body);
    return reply.code(204).send(null);
  });
}
