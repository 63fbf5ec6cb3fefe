/**
 * For partner universities: `/v1/leads/partner/...` with the API key (`Authorization: Bearer
 * joo_pk_…`, services/leads/src/routes/partner-api.ts). Same typed calls, errors and retries as
 * the student client; no session, no refresh: a key works until it is revoked or rotated out.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/api.js';
import { retryingTransport, type JooClientOptions } from './client.js';
import { withHeader } from './transport.js';
import { okMethods, type OkMethods } from './typed.js';

/** The partner API's paths only. */
export type PartnerPaths = { [P in keyof paths as P extends `/v1/leads/partner/${string}` ? P : never]: paths[P] };
export type PartnerLead = paths['/v1/leads/partner/leads/{id}']['get']['responses'][200]['content']['application/json'];

export interface PartnerClientOptions extends Pick<JooClientOptions, 'baseUrl' | 'fetch' | 'retry' | 'headers'> {
  apiKey: string;
}

export interface PartnerClient extends OkMethods<PartnerPaths> {
  api: Client<PartnerPaths>;
  /** the key calls are made with now */
  readonly apiKey: string;
  /** Every lead created at or after `since`, following `nextCursor` page by page. */
  leads(options?: { since?: string; limit?: number }): AsyncGenerator<PartnerLead>;
  /** Issues a new API key and uses it from now on; the old one works until `previousValidUntil`. */
  rotateApiKey(): Promise<{ apiKey: string; previousValidUntil: string | null }>;
}

export function createPartnerClient(options: PartnerClientOptions): PartnerClient {
  let apiKey = options.apiKey;
  const retrying = retryingTransport(options);
  const api = createClient<PartnerPaths>({
    baseUrl: options.baseUrl, headers: options.headers,
    fetch: (request) => retrying(withHeader(request, 'authorization', `Bearer ${apiKey}`)),
  });
  const methods = okMethods(api);
  return {
    ...methods,
    api,
    get apiKey() { return apiKey; },
    async *leads({ since, limit } = {}) {
      let cursor: string | undefined;
      do {
        const query = { ...(since ? { since } : {}), ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) };
        const page = await methods.get('/v1/leads/partner/leads', { params: { query } });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    async rotateApiKey() {
      const rotated = await methods.post('/v1/leads/partner/api-keys');
      apiKey = rotated.apiKey;
      return rotated;
    },
  };
}
