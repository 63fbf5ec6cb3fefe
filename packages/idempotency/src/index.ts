export { idempotencyMigrations } from './migrations.js';
export {
  idempotent, parseIdempotencyKey, pruneIdempotencyKeys, IDEMPOTENCY_HEADER, KEY_TTL_MS,
  type IdempotentAnswer, type IdempotencyOptions,
} from './idempotency.js';
export { canonicalJson, requestFingerprint } from './fingerprint.js';
export { replyIdempotently } from './fastify.js';
