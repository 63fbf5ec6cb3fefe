import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** The public half as a JWK, as served at /.well-known/jwks.json. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  /** PKCS#8 PEM, as fast-jwt takes it */
  privatePem: string;
  publicKey: KeyObject;
  kid: string;
  jwk: PublicJwk;
}

/**
 * Reads an Ed25519 private key (PKCS#8 PEM). The key id is the RFC 7638 thumbprint of the public
 * JWK: the SHA-256 of its required members in lexicographic order, base64url.
 */
export function loadSigningKey(pem: string): SigningKey {
  const privateKey = createPrivateKey({ key: pem, format: 'pem' });
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the signing key must be Ed25519, not ${privateKey.asymmetricKeyType ?? 'unknown'}`);
  }
  const publicKey = createPublicKey(privateKey);
  const { x } = publicKey.export({ format: 'jwk' }) as { x?: string };
  if (!x) throw new Error('the public key has no x coordinate');
  const kid = createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x })).digest('base64url');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKey,
    kid,
    jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' },
  };
}
