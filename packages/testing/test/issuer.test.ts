import t from 'tap';
import { createPublicKey } from 'node:crypto';
import { createVerifier } from 'fast-jwt';
import { fakeUpstream, jwkThumbprint, testIssuer } from '../src/index.js';

async function jwksOf(url: string): Promise<{ keys: Array<Record<string, string>> }> {
  const res = await fetch(url);
  return (await res.json()) as { keys: Array<Record<string, string>> };
}

t.test('when the JWKS is fetched, then it holds one Ed25519 key whose kid is its RFC 7638 thumbprint', async (t) => {
  const issuer = await testIssuer(t);
  const { keys } = await jwksOf(issuer.jwksUrl);
  t.equal(keys.length, 1);
  const [key] = keys;
  t.match(key, { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: issuer.kid });
  t.equal(jwkThumbprint(key!), issuer.kid);
  t.notOk('d' in key!, 'no private part');
});

t.test('when the RFC 7638 example key is hashed, then the thumbprint matches RFC 8037 appendix A.3', async (t) => {
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
  t.equal(jwkThumbprint(jwk), 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
});

t.test('when a token is signed, then it verifies with the published key as identity would issue it', async (t) => {
  const issuer = await testIssuer(t);
  const { keys } = await jwksOf(issuer.jwksUrl);
  const key = createPublicKey({ key: keys[0]!, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
  const verify = createVerifier({ key, algorithms: ['EdDSA'], allowedIss: 'joo-identity', allowedAud: 'joo-platform', complete: true });
  const decoded = verify(issuer.sign({ sub: 'u1', sid: 's1', roles: ['student'] })) as { header: { kid: string }; payload: Record<string, unknown> };
  t.equal(decoded.header.kid, issuer.kid);
  t.match(decoded.payload, { sub: 'u1', sid: 's1', roles: ['student'], iss: 'joo-identity', aud: 'joo-platform' });
  t.equal((decoded.payload.exp as number) - (decoded.payload.iat as number), 600);
  t.throws(() => verify(issuer.sign({ sub: 'u1', sid: 's1' }, { expiresInSeconds: -5 })), /expired/);
  for (const kind of ['alg-none', 'hs256-public-key', 'foreign-key'] as const) {
    t.throws(() => verify(issuer.forge(kind, { sub: 'u1', sid: 's1' })), `${kind} is refused`);
  }
});

t.test('when the issuer test ends, then its server is closed', async (t) => {
  let url = '';
  await t.test('inner', async (t) => { url = (await testIssuer(t)).jwksUrl; });
  await t.rejects(fetch(url));
});

t.test('when a fake upstream is called, then it echoes method, url, headers and body', async (t) => {
  const upstream = await fakeUpstream(t, 'catalog');
  const res = await fetch(`${upstream.url}/v1/catalog/things?x=1`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-probe': 'yes' }, body: JSON.stringify({ a: 1 }),
  });
  t.match(await res.json(), { method: 'POST', url: '/v1/catalog/things?x=1', headers: { 'x-probe': 'yes' }, body: { a: 1 } });
  t.equal(upstream.requests.length, 1);
  const text = await fetch(`${upstream.url}/v1/catalog/raw`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hello' });
  t.equal(((await text.json()) as { body: string }).body, 'hello');
});

t.test('when a fake upstream is set not ready, then /health/ready is 503; its OpenAPI names its echo path', async (t) => {
  const upstream = await fakeUpstream(t, 'billing');
  t.equal((await fetch(`${upstream.url}/health/ready`)).status, 200);
  upstream.setReady(false);
  t.equal((await fetch(`${upstream.url}/health/ready`)).status, 503);
  const doc = (await (await fetch(`${upstream.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
  t.equal(doc.openapi, '3.1.0');
  t.same(Object.keys(doc.paths), ['/v1/billing/echo']);
  await upstream.close();
  await t.rejects(fetch(`${upstream.url}/health/ready`));
});
