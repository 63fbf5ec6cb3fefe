/**
 * A short journey through the gateway that makes the business metrics move: a registration, a
 * wrong and a right sign-in, a purchase paid in the sandbox, the content it opens, a refund
 * application approved by the admin, and a lead delivered to a partner's webhook.
 */
import { randomUUID } from 'node:crypto';
import { createJooClient, memoryTokenStore } from '@joo/client';
import { eventually, type FakePartner, type Platform } from '@joo/testing';
import { client } from '../../e2e/http.js';
import { buyInSandbox, fullRefundApplication, signedIn } from '../../e2e/steps.js';
import { driveTraffic } from './traffic.js';

export async function driveJourney(platform: Platform, partnerSite: FakePartner): Promise<void> {
  const call = client(platform.gatewayUrl);
  const tokens = await driveTraffic(platform.gatewayUrl);
  const token = tokens.accessToken;
  const admin = (await signedIn(platform.gatewayUrl, platform.admin.email, platform.admin.password, 'admin-console')).session.tokens!.accessToken;

  const student = createJooClient({ baseUrl: platform.gatewayUrl, tokens: memoryTokenStore(tokens) });
  const purchase = await buyInSandbox(student);
  if (purchase.confirmed.status !== 200) throw new Error(`the sandbox payment answered ${purchase.confirmed.status}`);
  const lesson = (await call('GET', `/v1/catalog/content?product=${purchase.productId}&limit=1`)).body.items[0];
  await eventually(async () => (await call('GET', `/v1/catalog/content/${lesson.id}`, { token })).status === 200, { timeoutMs: 10_000 });

  const amount = (await call('GET', `/v1/billing/orders/${purchase.orderId}`, { token })).body.amount as number;
  const application = fullRefundApplication(purchase.orderId, 'Дана Ержанова', amount);
  const headers = { 'idempotency-key': randomUUID() };
  let applied = await call('POST', '/v1/refunds/applications', { token, body: application, headers });
  await eventually(async () => (applied = await call('POST', '/v1/refunds/applications', { token, body: application, headers })).status === 201, { timeoutMs: 10_000, intervalMs: 100 });
  // To the card: the provider pays it at once, so the payout panels move (a bank transfer waits for a statement).
  const approved = await call('POST', `/v1/refunds/admin/applications/${applied.body.id}/approve`, { token: admin, body: { method: 'card', reason: 'the observability journey' } });
  if (approved.status !== 200) throw new Error(`the refund approval answered ${approved.status}: ${JSON.stringify(approved.body)}`);

  const university = (await call('GET', '/v1/leads/universities')).body.items.find((u: { programmes: unknown[] }) => u.programmes.length > 0);
  const partner = await call('POST', '/v1/leads/admin/partners', { token: admin, body: { universityId: university.id, webhookUrl: partnerSite.url } });
  if (partner.status !== 201) throw new Error(`creating a partner answered ${partner.status}: ${JSON.stringify(partner.body)}`);
  partnerSite.setSecrets([partner.body.webhookSecret]);
  await call('PUT', '/v1/leads/me/choices', { token, body: { universities: [university.id], specialties: ['B057'] } });
  const press = () => call('POST', '/v1/leads', {
    token, headers: { 'idempotency-key': 'journey-lead' }, body: { universityId: university.id, programmeId: university.programmes[0].id, message: 'Грант бар ма?' },
  });
  await eventually(async () => (await press()).status === 201, { timeoutMs: 10_000, intervalMs: 100 });
  await partnerSite.waitForAccepted(1, 10_000);
}
