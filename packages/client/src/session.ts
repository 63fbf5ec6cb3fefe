/**
 * The signed-in user's token pair. Identity rotates refresh tokens and revokes the whole session
 * when one is used twice, so concurrent callers that meet a 401 share ONE refresh (single flight);
 * a caller whose token was already replaced by another's refresh just retries with the new one.
 */
import { ApiError } from './problem.js';
import { discard, withHeader, type Transport } from './transport.js';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Where the pair lives between runs (localStorage, the keychain); memory by default. */
export interface TokenStore {
  load(): Tokens | null;
  save(tokens: Tokens | null): void;
}

export function memoryTokenStore(initial: Tokens | null = null): TokenStore {
  let tokens = initial;
  return { load: () => tokens, save: (next) => { tokens = next; } };
}

export type Refresher = (refreshToken: string) => Promise<Tokens>;

export class Session {
  private refreshing: Promise<Tokens> | undefined;

  constructor(
    private readonly store: TokenStore,
    private readonly refresher: Refresher,
    /** called when the session ends: signed out, or the refresh token was refused */
    private readonly onEnd: (reason: 'signed-out' | 'refresh-refused') => void = () => undefined,
  ) {}

  get tokens(): Tokens | null {
    return this.store.load();
  }

  set(tokens: Tokens): void {
    this.store.save({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  }

  end(reason: 'signed-out' | 'refresh-refused'): void {
    this.store.save(null);
    this.onEnd(reason);
  }

  /**
   * A new pair. `staleAccessToken` is the token a caller saw refused: when the session already holds
   * another one, someone refreshed meanwhile and that pair is returned without asking identity.
   */
  refresh(staleAccessToken?: string): Promise<Tokens> {
    if (this.refreshing) return this.refreshing;
    const current = this.tokens;
    if (!current) return Promise.reject(new ApiError({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'not-signed-in', detail: 'Sign in first' }));
    if (staleAccessToken !== undefined && current.accessToken !== staleAccessToken) return Promise.resolve(current);
    this.refreshing = this.refresher(current.refreshToken).then(
      (fresh) => { this.set(fresh); return fresh; },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) this.end('refresh-refused');
        throw error;
      },
    ).finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }
}

/**
 * Sends the session's access token with requests that carry no Authorization of their own; on a
 * 401 it refreshes (once for all callers) and repeats the request with the new token. When the
 * refresh is refused the first 401 is returned.
 */
export function withSession(next: Transport, session: Session): Transport {
  return async (request) => {
    const tokens = session.tokens;
    if (request.headers.has('authorization') || !tokens) return next(request);
    const first = await next(withHeader(request, 'authorization', `Bearer ${tokens.accessToken}`));
    if (first.status !== 401) return first;
    let fresh: Tokens;
    try {
      fresh = await session.refresh(tokens.accessToken);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return first;
      throw error;
    }
    await discard(first);
    return next(withHeader(request, 'authorization', `Bearer ${fresh.accessToken}`));
  };
}
