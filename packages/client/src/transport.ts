/**
 * A transport is `fetch` narrowed to one Request. The client stacks small ones: idempotency keys
 * outermost (one key per call, so every retry below repeats it), then the access token and its
 * refresh, then retries on 503/429, then the real fetch.
 */
export type Transport = (request: Request) => Promise<Response>;

/** A copy of `request` with `name` set to `value` (the original stays unread, for later attempts). */
export function withHeader(request: Request, name: string, value: string): Request {
  const copy = request.clone();
  copy.headers.set(name, value);
  return copy;
}

/** Drops a response we will not hand back, so its connection is freed. */
export async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

export const fetchTransport = (fetchImpl: typeof fetch = globalThis.fetch): Transport => (request) => fetchImpl(request);
