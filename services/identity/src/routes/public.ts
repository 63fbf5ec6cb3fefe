import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { REGIONS } from '../domain/regions.js';
import type { SigningKey } from '../tokens/keys.js';
import { getCurrentOffer, getOffer, listOfferVersions } from '../usecases/offers.js';
import { Bilingual, PREFIX, problemsFor } from './schemas.js';

const Region = Type.Object({
  code: Type.String(),
  kind: Type.Enum(['region', 'city']),
  name: Type.Object({ kk: Type.String(), ru: Type.String() }),
});

const Jwks = Type.Object({
  keys: Type.Array(Type.Object({
    kty: Type.String(), crv: Type.String(), x: Type.String(), kid: Type.String(), alg: Type.String(), use: Type.String(),
  })),
});

export function publicRoutes(app: App, ctx: IdentityContext, key: SigningKey): void {
  app.get('/.well-known/jwks.json', {
    schema: { operationId: 'identityGetJwks', security: [], tags: ['identity'], summary: 'Public keys that verify access tokens', response: { 200: Jwks } },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return { keys: [key.jwk] };
  });

  app.get(`${PREFIX}/regions`, {
    schema: {
      operationId: 'identityListRegions', security: [],
      tags: ['identity'], summary: 'The 17 regions and 3 cities of republican significance',
      response: { 200: Type.Object({ items: Type.Array(Region) }) },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return { items: REGIONS.map((r) => ({ code: r.code, kind: r.kind, name: { kk: r.name.kk, ru: r.name.ru } })) };
  });

  const OfferText = Type.Object({
    version: Type.Integer(), publishedAt: Type.String({ format: 'date-time' }),
    effectiveAt: Type.String({ format: 'date-time', description: 'from when this version is the current one (offer 2.6)' }), text: Bilingual,
  });

  app.get(`${PREFIX}/offers/current`, {
    schema: {
      operationId: 'identityGetCurrentOffer', security: [],
      tags: ['identity'], summary: 'The current public offer: the highest version in effect',
      response: { 200: OfferText, ...problemsFor(404) },
    },
  }, async () => getCurrentOffer(ctx));

  app.get(`${PREFIX}/offers`, {
    schema: {
      operationId: 'identityListOffers', security: [],
      tags: ['identity'], summary: 'Every version of the offer with its publication and effective dates, newest first',
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            version: Type.Integer(), publishedAt: Type.String({ format: 'date-time' }), effectiveAt: Type.String({ format: 'date-time' }),
            current: Type.Boolean({ description: 'the version in effect now' }),
            summary: Type.Union([Type.Object({ kk: Type.String(), ru: Type.String() }), Type.Null()]),
            url: Type.String({ description: 'where its text is read' }),
          })),
        }),
      },
    },
  }, async () => ({ items: await listOfferVersions(ctx) }));

  app.get(`${PREFIX}/offers/:version`, {
    schema: {
      operationId: 'identityGetOffer', security: [],
      tags: ['identity'], summary: 'One version of the offer with its text (kk and ru)',
      params: Type.Object({ version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
      response: { 200: OfferText, ...problemsFor(400, 404) },
    },
  }, async (request, reply) => {
    // A published version never changes.
    reply.header('cache-control', 'public, max-age=3600');
    return getOffer(ctx, request.params.version);
  });
}
