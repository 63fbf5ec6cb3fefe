import { Type } from 'typebox';
import { decodeCursor, PageQuery, Paginated, problems, type App } from '@joo/service-kit';
import type { LeadsContext } from '../context.js';
import { listDeliveries } from '../store/deliveries.js';
import { findPartner, listPartners } from '../store/partners.js';
import { redeliver } from '../usecases/deliveries.js';
import { changeWebhookUrl, createPartner, disablePartner, revokeApiKeys, rotateApiKey, rotateWebhookSecret, secretValidity } from '../usecases/partners.js';
import { idCursor, instantIdCursor, nextCursorAfter } from './cursors.js';
import { bearer, Delivery, Empty, IdParams, Nullable, Partner, PREFIX, problemsFor, Text, Uuid } from './schemas.js';

const WebhookUrl = Type.String({ minLength: 1, maxLength: 2000, description: 'https; must reach a public address' });
const Rotated = (what: string) => Type.Object({
  [what]: Type.String({ description: 'shown this once' }),
  previousValidUntil: Nullable(Type.String({ format: 'date-time', description: 'the old one works until then' })),
});

/** Admins: partner accounts, their keys and secrets, and the webhook deliveries. */
export function partnerAdminRoutes(app: App, ctx: LeadsContext): void {
  const admin = { preHandler: app.requireRole('admin') };
  const tags = ['leads', 'admin'];

  app.post(`${PREFIX}/admin/partners`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminCreatePartner',
      tags, summary: 'A partner account for a university; the API key and webhook secret are shown this once', security: bearer,
      body: Type.Object({ universityId: Uuid, name: Type.Optional(Text(200)), webhookUrl: Type.Optional(Nullable(WebhookUrl)) }, { additionalProperties: false }),
      response: {
        201: Type.Object({ partnerId: Uuid, apiKey: Type.String(), webhookSecret: Type.String({ description: 'whsec_…' }) }),
        ...problemsFor(400, 401, 403, 422),
      },
    },
  }, async (request, reply) => reply.code(201).send(await createPartner(ctx, request.body)));

  app.get(`${PREFIX}/admin/partners`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminListPartners',
      tags, summary: 'Partner accounts', security: bearer,
      querystring: Type.Object({ universityId: Type.Optional(Uuid), ...PageQuery }, { additionalProperties: false }),
      response: { 200: Paginated(Partner), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const after = idCursor(decodeCursor(request.query.cursor, 1));
    const items = await listPartners(ctx.pool, { limit, ...(request.query.universityId ? { universityId: request.query.universityId } : {}), ...(after ? { after } : {}) });
    return { items, nextCursor: nextCursorAfter(items, limit, (p) => [p.id]) };
  });

  app.patch(`${PREFIX}/admin/partners/:id`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminUpdatePartner',
      tags, summary: 'Set or clear the webhook URL', security: bearer, params: IdParams,
      body: Type.Object({ webhookUrl: Nullable(WebhookUrl) }, { additionalProperties: false }),
      response: { 200: Partner, ...problemsFor(400, 401, 403, 404, 422) },
    },
  }, async (request) => changeWebhookUrl(ctx, request.params.id, request.body.webhookUrl));

  app.delete(`${PREFIX}/admin/partners/:id`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminDeletePartner',
      tags, summary: 'End a partnership: keys stop, webhooks stop, undelivered ones are cancelled (the ledger stays)', security: bearer,
      params: IdParams, response: { 204: Empty, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await disablePartner(ctx, request.params.id);
    return reply.code(204).send(null);
  });

  app.post(`${PREFIX}/admin/partners/:id/api-keys`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminRotatePartnerApiKey',
      tags, summary: 'Issue a new API key; the old ones keep working for the overlap unless revokeOthers', security: bearer, params: IdParams,
      body: Nullable(Type.Object({ revokeOthers: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
      response: { 201: Rotated('apiKey'), ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.code(201).send(await rotateApiKey(ctx, request.params.id, request.body?.revokeOthers ?? false)));

  app.delete(`${PREFIX}/admin/partners/:id/api-keys`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminRevokePartnerApiKeys',
      tags, summary: 'Revoke every API key of the partner now', security: bearer, params: IdParams,
      response: { 204: Empty, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await revokeApiKeys(ctx, request.params.id);
    return reply.code(204).send(null);
  });

  app.post(`${PREFIX}/admin/partners/:id/webhook-secret`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminRotatePartnerWebhookSecret',
      tags, summary: 'Rotate the webhook secret: both sign until the overlap ends', security: bearer, params: IdParams,
      response: { 201: Rotated('webhookSecret'), ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.code(201).send(await rotateWebhookSecret(ctx, request.params.id)));

  app.get(`${PREFIX}/admin/partners/:id`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminGetPartner',
      tags, summary: 'A partner and when its webhook secrets stop signing', security: bearer, params: IdParams,
      response: { 200: Type.Object({ ...Partner.properties, webhookSecrets: Type.Array(Type.Object({ expiresAt: Nullable(Type.String()) })) }), ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => {
    const partner = await findPartner(ctx.pool, request.params.id);
    if (!partner) throw problems.notFound('No such partner');
    return { ...partner, webhookSecrets: await secretValidity(ctx, partner.id) };
  });

  app.get(`${PREFIX}/admin/deliveries`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminListDeliveries',
      tags, summary: 'Webhook deliveries, newest first; status=failed lists those that ran out of retries', security: bearer,
      querystring: Type.Object({
        status: Type.Optional(Type.Enum(['pending', 'delivered', 'failed', 'cancelled'])), partnerId: Type.Optional(Uuid), ...PageQuery,
      }, { additionalProperties: false }),
      response: { 200: Paginated(Delivery), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const after = instantIdCursor(decodeCursor(request.query.cursor, 2));
    const items = await listDeliveries(ctx.pool, {
      limit, ...(request.query.status ? { status: request.query.status } : {}),
      ...(request.query.partnerId ? { partnerId: request.query.partnerId } : {}), ...(after ? { after } : {}),
    });
    return { items, nextCursor: nextCursorAfter(items, limit, (d) => [d.createdAt, d.id]) };
  });

  app.post(`${PREFIX}/admin/deliveries/:id/redeliver`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminRedeliver',
      tags, summary: 'Send a failed delivery again: a fresh round of attempts from now', security: bearer, params: IdParams,
      response: { 202: Delivery, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(202).send(await redeliver(ctx, request.params.id)));
}
