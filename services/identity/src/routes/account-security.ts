import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { changePassword, revokeOtherSessions } from '../usecases/password-change.js';
import { bearer, PREFIX, problemsFor } from './schemas.js';

const Revoked = Type.Object({ revokedSessions: Type.Integer({ description: 'how many other sessions (devices) were signed out' }) });

/** Offer 6.3.1: a user who suspects unauthorised access changes the password and signs out elsewhere. */
export function accountSecurityRoutes(app: App, ctx: IdentityContext): void {
  app.post(`${PREFIX}/me/password`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'identityChangePassword',
      tags: ['identity'], security: bearer, summary: 'Change your password; every other session is signed out',
      body: Type.Object({
        currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
        newPassword: Type.String({ minLength: 1, maxLength: 1024, description: 'the registration password policy applies' }),
      }, { additionalProperties: false }),
      response: { 200: Revoked, ...problemsFor(400, 401, 403, 429) },
    },
  }, async (request) => changePassword(ctx, { userId: request.user.sub, sessionId: request.user.sid }, request.body, request.ip));

  app.delete(`${PREFIX}/sessions`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'identityRevokeOtherSessions',
      tags: ['identity'], security: bearer, summary: 'Sign out every session but this one',
      response: { 200: Revoked, ...problemsFor(401) },
    },
  }, async (request) => revokeOtherSessions(ctx, { userId: request.user.sub, sessionId: request.user.sid }));
}
