import { createPrivateKey, randomBytes } from 'node:crypto';
import t from 'tap';
import { createPiiCrypto } from '../src/crypto/pii.js';
import { ARGON2_OPTIONS, hashPassword, verifyPassword } from '../src/crypto/passwords.js';
import { loadSigningKey } from '../src/tokens/keys.js';
import { hashRefreshToken, newRefreshToken } from '../src/tokens/refresh.js';

const keys = () => ({ encryptionKey: randomBytes(32).toString('base64'), hmacKey: randomBytes(32).toString('base64') });

t.test('when a value is encrypted, then it decrypts with the same context only, and each ciphertext differs', async (t) => {
  const pii = createPiiCrypto(keys());
  const a = pii.encrypt('070512500123', 'user-1');
  const b = pii.encrypt('070512500123', 'user-1');
  t.not(a.toString('hex'), b.toString('hex'), 'a fresh IV every time');
  t.equal(pii.decrypt(a, 'user-1'), '070512500123');
  t.throws(() => pii.decrypt(a, 'user-2'), 'bound to its user');
  const tampered = Buffer.from(a);
  tampered[tampered.length - 1]! ^= 1;
  t.throws(() => pii.decrypt(tampered, 'user-1'), 'tampering is detected');
});

t.test('when the blind index is computed, then equal values match and other keys give other indexes', async (t) => {
  const k = keys();
  const pii = createPiiCrypto(k);
  t.same(pii.blindIndex('070512500123'), pii.blindIndex('070512500123'));
  t.notSame(pii.blindIndex('070512500123'), pii.blindIndex('070512500124'));
  t.notSame(createPiiCrypto(keys()).blindIndex('070512500123'), pii.blindIndex('070512500123'));
  t.throws(() => createPiiCrypto({ encryptionKey: 'c2hvcnQ=', hmacKey: k.hmacKey }), /32 bytes/);
  t.throws(() => createPiiCrypto({ encryptionKey: k.hmacKey, hmacKey: k.hmacKey }), /differ/);
});

t.test('when the key id is computed, then it is the RFC 7638 thumbprint (RFC 8037 A.3 vector)', async (t) => {
  const pem = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
    format: 'jwk',
  }).export({ type: 'pkcs8', format: 'pem' }) as string;
  const key = loadSigningKey(pem);
  t.equal(key.kid, 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  t.same(key.jwk, { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: key.kid, alg: 'EdDSA', use: 'sig' });
  t.throws(() => loadSigningKey('not a pem'));
});

t.test('when passwords are hashed, then argon2id with the OWASP parameters, and unknown users never verify', async (t) => {
  t.match(ARGON2_OPTIONS, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const hash = await hashPassword('correct horse battery');
  t.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  t.equal(await verifyPassword(hash, 'correct horse battery'), true);
  t.equal(await verifyPassword(hash, 'wrong'), false);
  t.equal(await verifyPassword(null, 'dummy password that never matches'), false);
  t.equal(await verifyPassword('garbage', 'x'), false);
});

t.test('when a refresh token is made, then 32 random bytes base64url and its SHA-256', async (t) => {
  const { token, hash } = newRefreshToken();
  t.equal(Buffer.from(token, 'base64url').length, 32);
  t.same(hash, hashRefreshToken(token));
  t.equal(hash.length, 32);
});
