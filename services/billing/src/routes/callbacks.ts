import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { BillingContext } from '../context.js';
import { handleCallback } from '../usecases/callbacks.js';
import { PREFIX, problemsFor } from './schemas.js';

const Ack = Type.Unknown({ description: "the provider's acknowledgement ({code: 0} for CloudPayments)" });

/**
 * Provider result notices. The signature covers the body exactly as sent, so these routes take
 * the body as text (JSON or form-encoded) and leave parsing to the provider's adapter.
 */
export async function callbackRoutes(app: App, ctx: BillingContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const route = { description: 'Signed by the provider (docs/payments.md); a bad signature is 401 and changes nothing; a repeated notice changes nothing.' };
    const handler = (provider: string, kind: (params: Record<string, string>) => string) =>
      async (request: { params: unknown; body: unknown; headers: Record<string, string | string[] | undefined> }) =>
        handleCallback(ctx, provider, {
          kind: kind(request.params as Record<string, string>),
          rawBody: typeof request.body === 'string' ? request.body : '',
          headers: request.headers,
        });

    scope.post(`${PREFIX}/callbacks/sandbox`, {
      schema: { operationId: 'billingReceiveSandboxCallback', security: [], tags: ['billing'], summary: 'Sandbox provider result notice (X-Sandbox-Signature)', ...route, response: { 200: Ack, ...problemsFor(400, 401, 404) } },
    }, handler('sandbox', () => ''));

    scope.post(`${PREFIX}/callbacks/cloudpayments/:kind`, {
      schema: {
        operationId: 'billingReceiveCloudPaymentsCallback', security: [],
        tags: ['billing'], summary: 'CloudPayments Pay / Fail notification (Content-HMAC)', ...route,
        params: Type.Object({ kind: Type.String({ maxLength: 20 }) }),
        response: { 200: Ack, ...problemsFor(400, 401, 404) },
      },
    }, handler('cloudpayments', (p) => p.kind ?? ''));
  });
}
