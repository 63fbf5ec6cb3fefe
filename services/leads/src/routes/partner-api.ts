import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { decodeCursor, ProblemError, type App, type OpenApiSecurityScheme } from '@joo/service-kit';
import type { LeadsContext } from '../context.js';
import { PARTNER_STATUSES } from '../domain/partner-status.js';
import { partnerByApiKey, type Partner } from '../store/partners.js';
import { pullLead, pullLeads, updateStatus } from '../usecases/partner-leads.js';
import { rotateApiKey, rotateWebhookSecret, secretValidity } from '../usecases/partners.js';
import { sendTestWebhook, TEST_EVENT } from '../usecases/webhook-test.js';
import { instantIdCursor, nextCursorAfter } from './cursors.js';
import { IdParams, Nullable, PartnerLead, PREFIX, problemsFor, Text, Uuid } from './schemas.js';

/** How partners authenticate (docs/partners.md): their API key as a bearer token, not a user's JWT. */
export const PARTNER_API_KEY_SCHEME: OpenApiSecurityScheme = {
  type: 'http', scheme: 'bearer', bearerFormat: 'joo_pk_… API key', description: "A partner university's API key: Authorization: Bearer joo_pk_…",
};
const apiKey = [{ partnerApiKey: [] }];
const BEARER = /^Bearer\s+(\S+)\s*$/i;

function unauthorized(detail: string): ProblemError {
  return new ProblemError(401, 'invalid-api-key', 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer realm="joo-partner"' });
}

/** `Authorization: Bearer <apiKey>` → the partner; any other credential (a user's JWT too) is 401. */
function partnerAuth(ctx: LeadsContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw unauthorized('Send your API key: Authorization: Bearer joo_pk_…');
    const partner = await partnerByApiKey(ctx.pool, match[1]!, ctx.clock());
    if (!partner) throw unauthorized('The API key is unknown, revoked or expired');
    partnerOf.set(request, partner);
  };
}

const partnerOf = new WeakMap<FastifyRequest, Partner>();
const who = (request: FastifyRequest): Partner => partnerOf.get(request)!;

/** What partner universities call with their API key. */
export function partnerRoutes(app: App, ctx: LeadsContext): void {
  const auth = { preHandler: partnerAuth(ctx) };
  const tags = ['leads', 'partner'];

  app.get(`${PREFIX}/partner/me`, {
    ...auth,
    schema: {
      operationId: 'leadsPartnerGetMe',
      tags, summary: 'Your partner account: university, webhook URL, when your webhook secrets stop signing', security: apiKey,
      response: {
        200: Type.Object({
          partnerId: Uuid, universityId: Uuid, name: Type.String(), webhookUrl: Nullable(Type.String()),
          webhookSecrets: Type.Array(Type.Object({ expiresAt: Nullable(Type.String({ format: 'date-time' })) })),
        }),
        ...problemsFor(401),
      },
    },
  }, async (request) => {
    const p = who(request);
    return { partnerId: p.id, universityId: p.universityId, name: p.name, webhookUrl: p.webhookUrl, webhookSecrets: await secretValidity(ctx, p.id) };
  });

  app.post(`${PREFIX}/partner/webhook-secret`, {
    ...auth,
    schema: {
      operationId: 'leadsPartnerRotateWebhookSecret',
      tags, summary: 'Rotate your webhook secret; the old one keeps signing until previousValidUntil', security: apiKey,
      response: { 201: Type.Object({ webhookSecret: Type.String(), previousValidUntil: Type.String({ format: 'date-time' }) }), ...problemsFor(401) },
    },
  }, async (request, reply) => reply.code(201).send(await rotateWebhookSecret(ctx, who(request).id)));

  app.post(`${PREFIX}/partner/api-keys`, {
    ...auth,
    schema: {
      operationId: 'leadsPartnerRotateApiKey',
      tags, summary: 'Rotate your API key: the answer holds the new one; the old ones work until previousValidUntil', security: apiKey,
      response: { 201: Type.Object({ apiKey: Type.String(), previousValidUntil: Nullable(Type.String({ format: 'date-time' })) }), ...problemsFor(401) },
    },
  }, async (request, reply) => reply.code(201).send(await rotateApiKey(ctx, who(request).id, false)));

  app.post(`${PREFIX}/partner/webhook-test`, {
    ...auth,
    schema: {
      operationId: 'leadsPartnerTestWebhook',
      tags, security: apiKey,
      summary: `Send a signed "${TEST_EVENT}" event to your webhook URL now and see how your endpoint answered`,
      response: {
        200: Type.Object({
          webhookId: Type.String(), ok: Type.Boolean({ description: 'your endpoint answered 2xx' }),
          statusCode: Nullable(Type.Integer()), error: Nullable(Type.String()), durationMs: Type.Integer(),
        }),
        ...problemsFor(401, 409),
      },
    },
  }, async (request) => sendTestWebhook(ctx, who(request)));

  app.get(`${PREFIX}/partner/leads`, {
    ...auth,
    schema: {
      operationId: 'leadsPartnerListLeads',
      tags, summary: 'Your university\'s leads, oldest first', security: apiKey,
      description: 'since: leads created at or after this instant. Follow nextCursor until it is null; next time pass since = the createdAt of the last lead you saw minus a few minutes and skip ids you have.',
      querystring: Type.Object({
        since: Type.Optional(Type.String({ format: 'date-time' })),
        cursor: Type.Optional(Type.String({ maxLength: 512 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(PartnerLead), nextCursor: Nullable(Type.String()) }), ...problemsFor(400, 401) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 50;
    const after = instantIdCursor(decodeCursor(request.query.cursor, 2));
    const items = await pullLeads(ctx, who(request), {
      limit, ...(request.query.since ? { since: new Date(request.query.since) } : {}), ...(after ? { after } : {}),
    });
    return { items, nextCursor: nextCursorAfter(items, limit, (l) => [l.createdAt, l.leadId]) };
  });

  app.get(`${PREFIX}/partner/leads/:id`, {
    ...auth,
    schema: { operationId: 'leadsPartnerGetLead', tags, summary: 'One of your university\'s leads', security: apiKey, params: IdParams, response: { 200: PartnerLead, ...problemsFor(400, 401, 404) } },
  }, async (request) => pullLead(ctx, who(request), request.params.id));

  app.post(`${PREFIX}/partner/leads/:id/status`, {
    ...auth,
    schema: {
      operationId: 'leadsPartnerUpdateLeadStatus',
      tags, summary: 'Report what you did with a lead', security: apiKey, params: IdParams,
      body: Type.Object({ status: Type.Enum([...PARTNER_STATUSES]), note: Type.Optional(Nullable(Text(1000))) }, { additionalProperties: false }),
      response: { 200: PartnerLead, ...problemsFor(400, 401, 404) },
    },
  }, async (request) => updateStatus(ctx, who(request), request.params.id, request.body.status, request.body.note ?? null));
}
