import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** Format byte first, so a later key rotation can tell ciphertexts apart. */
const FORMAT_V1 = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PiiCrypto {
  /** AES-256-GCM with a random 12-byte IV; `context` (the user id) is bound as associated data. */
  encrypt(plaintext: string, context: string): Buffer;
  decrypt(sealed: Buffer, context: string): string;
  /** HMAC-SHA256 of the value: equal values give equal indexes, without revealing the value. */
  blindIndex(value: string): Buffer;
}

function decodeKey(name: string, base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be base64 of 32 bytes`);
  return key;
}

export function createPiiCrypto(options: { encryptionKey: string; hmacKey: string }): PiiCrypto {
  const encKey = decodeKey('PII_ENCRYPTION_KEY', options.encryptionKey);
  const macKey = decodeKey('PII_HMAC_KEY', options.hmacKey);
  if (encKey.equals(macKey)) throw new Error('PII_ENCRYPTION_KEY and PII_HMAC_KEY must differ');
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(FORMAT_V1), iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed, context) {
      if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1) throw new Error('unknown ciphertext format');
      const iv = sealed.subarray(1, 1 + IV_BYTES);
      const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sha256', macKey).update(value, 'utf8').digest();
    },
  };
}
