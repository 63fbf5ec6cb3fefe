export { createJooClient, type JooClient, type JooClientOptions } from './client.js';
export { createPartnerClient, type PartnerClient, type PartnerClientOptions, type PartnerLead, type PartnerPaths } from './partner.js';
export { ApiError, apiErrorFrom, problemOf, type FieldError, type Problem } from './problem.js';
export { retryAfterMs, retryDelayMs, withRetries, type RetryOptions } from './retry.js';
export { memoryTokenStore, Session, type TokenStore, type Tokens } from './session.js';
export { DeviceLimitError, type SignedIn, type SignedInDevice, type SignInInput } from './sign-in.js';
export { ok, type DataOf } from './typed.js';
export { takesIdempotencyKey, withIdempotencyKeys } from './idempotency.js';
export type { Transport } from './transport.js';
export {
  createWebhookVerifier, memoryReplayGuard, WebhookVerificationError,
  type JooWebhook, type LeadCreatedWebhook, type ReplayGuard, type TestWebhook, type WebhookFailure, type WebhookVerifier,
} from './webhooks.js';
export type { components, paths } from './generated/api.js';
