/**
 * `createJooClient`: the typed client for the site and the app. `api` is openapi-fetch over the
 * generated paths (answers `{ data } | { error }`, with the Response); `get`/`post`/… are the same
 * calls resolving with the data and rejecting with an ApiError. Every call goes through one
 * transport: Idempotency-Key → session (token, single-flight refresh) → retries on 503/429 → fetch.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/api.js';
import { withIdempotencyKeys } from './idempotency.js';
import { withRetries, type RetryOptions } from './retry.js';
import { memoryTokenStore, Session, withSession, type TokenStore, type Tokens } from './session.js';
import { signInWith, tokensOf, type SignedIn, type SignInInput } from './sign-in.js';
import { fetchTransport, type Transport } from './transport.js';
import { ok, okMethods, type OkMethods } from './typed.js';

export interface JooClientOptions {
  /** the gateway, e.g. https://api.joo.kz */
  baseUrl: string;
  fetch?: typeof fetch;
  /** false: no retries */
  retry?: RetryOptions | false;
  /** where the token pair is kept (memory by default) */
  tokens?: TokenStore;
  /** the session ended: signed out, or identity refused the refresh token (sign in again) */
  onSessionEnd?: (reason: 'signed-out' | 'refresh-refused') => void;
  /** sent with every request, e.g. `{ 'accept-language': 'kk' }` */
  headers?: Record<string, string>;
  /** the key generator for Idempotency-Key (a random UUID by default) */
  newIdempotencyKey?: () => string;
}

export interface JooClient extends OkMethods<paths> {
  /** openapi-fetch itself, for the status and headers of an answer */
  api: Client<paths>;
  session: Session;
  /** Signs in and keeps the pair; handles the 3-device limit as `input.evictOldest` says. */
  signIn(input: SignInInput): Promise<SignedIn>;
  /** Signs this device out and forgets the pair (even when the server cannot be reached). */
  signOut(): Promise<void>;
}

export function retryingTransport(options: Pick<JooClientOptions, 'fetch' | 'retry'>): Transport {
  const base = fetchTransport(options.fetch);
  return options.retry === false ? base : withRetries(base, options.retry);
}

export function createJooClient(options: JooClientOptions): JooClient {
  const retrying = retryingTransport(options);
  const common = { baseUrl: options.baseUrl, headers: options.headers };
  // Refresh and sign-in go out without the session's token.
  const plain = createClient<paths>({ ...common, fetch: retrying });
  const refresher = async (refreshToken: string): Promise<Tokens> =>
    tokensOf(await ok(plain.POST('/v1/identity/refresh', { body: { refreshToken } })));
  const session = new Session(options.tokens ?? memoryTokenStore(), refresher, options.onSessionEnd);
  const transport = withIdempotencyKeys(withSession(retrying, session), { newKey: options.newIdempotencyKey });
  const api = createClient<paths>({ ...common, fetch: transport });

  return {
    ...okMethods(api),
    api,
    session,
    async signIn(input) {
      const signedIn = await signInWith((body) => ok(plain.POST('/v1/identity/login', { body })), input);
      session.set(signedIn);
      return signedIn;
    },
    async signOut() {
      try {
        if (session.tokens) await api.POST('/v1/identity/logout');
      } finally {
        session.end('signed-out');
      }
    },
  };
}
