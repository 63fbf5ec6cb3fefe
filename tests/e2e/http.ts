/** A raw JSON helper for the edge tests, which send malformed and mistyped requests no typed client would; the journeys use @joo/client. */
export interface Reply<T = any> { status: number; body: T; headers: Headers }

export function client(baseUrl: string) {
  return async function call<T = any>(method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(baseUrl + path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    let body: unknown = text;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: res.status, body: body as T, headers: res.headers };
  };
}
