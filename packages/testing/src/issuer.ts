import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSigner } from 'fast-jwt';
import Fastify from 'fastify';
import { teardownOf, type Teardown } from './teardown.js';

/** What identity puts in every access token (docs/ARCHITECTURE.md §5.2); iss, aud, iat and exp are added. */
export interface TestClaims {
  sub: string;
  sid: string;
  roles?: string[];
  [claim: string]: unknown;
}

export interface SignOptions {
  /** Default 600 (identity's 10 minutes). Zero or negative gives a token that has already expired. */
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
}

/** Tokens a verifier must refuse although they look like identity's. */
export type ForgedKind =
  /** `alg: none`, no signature. */
  | 'alg-none'
  /** HS256 with the public key as the HMAC secret: the classic algorithm confusion (RFC 8725 §2.1). */
  | 'hs256-public-key'
  /** EdDSA signed by another key that claims the issuer's kid. */
  | 'foreign-key';

export interface TestIssuer {
  /** `http://127.0.0.1:<port>/.well-known/jwks.json` */
  jwksUrl: string;
  kid: string;
  publicKey: KeyObject;
  sign(claims: TestClaims, options?: SignOptions): string;
  forge(kind: ForgedKind, claims: TestClaims): string;
}

export const TEST_ISSUER = 'joo-identity';
export const TEST_AUDIENCE = 'joo-platform';

/** RFC 7638: SHA-256 over the required members of the JWK, in lexicographic order, base64url. */
export function jwkThumbprint(jwk: { crv?: string; kty?: string; x?: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * A stand-in for identity's token side: a fresh Ed25519 key, its JWKS served over HTTP on
 * 127.0.0.1, and a signer producing access tokens the way identity does. Closed at teardown.
 */
export async function testIssuer(t: Teardown): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = jwkThumbprint(jwk);
  const jwks = JSON.stringify({ keys: [{ ...jwk, kid, alg: 'EdDSA', use: 'sig' }] });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' }).end(jwks);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404}');
  });
  const port = await listen(server);
  teardownOf(t)(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));

  function sign(claims: TestClaims, options: SignOptions = {}): string {
    const seconds = options.expiresInSeconds ?? 600;
    // An expired token: issued a minute before it expired, `-seconds` ago.
    const timing = seconds > 0
      ? { expiresIn: seconds * 1000 }
      : { expiresIn: 60_000, clockTimestamp: Date.now() + (seconds - 60) * 1000 };
    return createSigner({
      algorithm: 'EdDSA', key: privatePem, kid,
      iss: options.issuer ?? TEST_ISSUER, aud: options.audience ?? TEST_AUDIENCE, ...timing,
    })({ roles: [], ...claims });
  }

  function forge(kind: ForgedKind, claims: TestClaims): string {
    const payload = {
      roles: [], ...claims, iss: TEST_ISSUER, aud: TEST_AUDIENCE,
      iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600,
    };
    switch (kind) {
      case 'alg-none':
        return `${base64url({ alg: 'none', typ: 'JWT', kid })}.${base64url(payload)}.`;
      case 'hs256-public-key':
        return createSigner({ algorithm: 'HS256', key: publicKey.export({ type: 'spki', format: 'pem' }) as string, kid })(payload);
      case 'foreign-key': {
        const other = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
        return createSigner({ algorithm: 'EdDSA', key: other, kid })(payload);
      }
    }
  }

  return { jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`, kid, publicKey, sign, forge };
}

export interface EchoedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakeUpstream {
  name: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request the fake answered on its echo routes, oldest first. */
  requests: EchoedRequest[];
  /** `/health/ready` answers 200 while ready (the default), 503 otherwise. */
  setReady(ready: boolean): void;
  /** Stops listening, so the upstream is down for the rest of the test. */
  close(): Promise<void>;
}

/**
 * A stand-in for one of our services behind the gateway: on 127.0.0.1 it echoes any request
 * under `/v1/<name>/` as `{method, url, headers, body}`, answers `/health/ready` (toggleable),
 * and serves `/openapi.json` with the path `/v1/<name>/echo` and a component schema `Echo`
 * (the same name in every fake, so a merger must keep them apart). Closed at teardown.
 */
export async function fakeUpstream(t: Teardown, name: string): Promise<FakeUpstream> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const requests: EchoedRequest[] = [];
  let ready = true;

  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.get('/health/ready', async (_request, reply) => reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready' }));
  app.get('/openapi.json', async () => openApiOf(name));
  app.all(`/v1/${name}/*`, async (request) => {
    const echoed = { method: request.method, url: request.url, headers: request.headers, body: request.body ?? null };
    requests.push(echoed);
    return echoed;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
  };
  teardownOf(t)(close);
  return { name, url: `http://127.0.0.1:${port}`, requests, setReady: (value) => { ready = value; }, close };
}

function openApiOf(name: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: `joo ${name}`, version: '0.1.0' },
    paths: {
      [`/v1/${name}/echo`]: {
        post: {
          operationId: `${name}Echo`,
          tags: [name],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Echo' } } } },
          responses: { 200: { description: 'the request, echoed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Echo' } } } } },
        },
      },
    },
    components: {
      schemas: { Echo: { type: 'object', properties: { [name]: { type: 'string' } } } },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
