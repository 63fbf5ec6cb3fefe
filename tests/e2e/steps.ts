/** Steps the journeys share, each through the gateway as the site would take it. */
import { randomUUID } from 'node:crypto';
import { eventually } from '@joo/testing';
import type { client, Reply } from './http.js';

export type Call = ReturnType<typeof client>;

export interface Student { fullName: string; region: string; email: string; phone: string; password: string; locale: string }

/** Signs in from `device`; returns the access token. */
export async function signIn(call: Call, login: string, password: string, device = 'web'): Promise<string> {
  const res = await call('POST', '/v1/identity/login', { body: { login, password, device: { id: device, name: device } } });
  if (res.status !== 200) throw new Error(`${login} cannot sign in: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** Registers the student on the current offer; returns the registration's reply. */
export async function register(call: Call, student: Student): Promise<Reply> {
  const offer = await call('GET', '/v1/identity/offers/current');
  return call('POST', '/v1/identity/register', { body: { ...student, acceptOffer: true, offerVersion: offer.body.version } });
}

export interface Purchase { orderId: string; productId: string; confirmed: Reply }

/**
 * Orders the package `code` and pays in the sandbox. Billing learns prices from catalog's events,
 * so the order is placed again (same Idempotency-Key) until billing knows the product.
 */
export async function buyInSandbox(call: Call, token: string, code = 'standard'): Promise<Purchase> {
  const product = (await call('GET', '/v1/catalog/products')).body.items.find((p: { code: string }) => p.code === code);
  const body = { productId: product.id, profileSubject: 'math-physics', acceptTerms: true };
  const headers = { 'idempotency-key': randomUUID() };
  let placed = await call('POST', '/v1/billing/orders', { token, body, headers });
  await eventually(async () => (placed = await call('POST', '/v1/billing/orders', { token, body, headers })).status === 201, { timeoutMs: 10_000, intervalMs: 100 });
  const res = await fetch(`${placed.body.paymentUrl}/confirm`, { method: 'POST', headers: { accept: 'application/json' } });
  return { orderId: placed.body.orderId, productId: product.id, confirmed: { status: res.status, body: await res.json(), headers: res.headers } };
}

/** A complete refund application of the whole `amount` of `orderId`, paid today by the student. */
export function fullRefundApplication(orderId: string, fullName: string, amount: number) {
  return {
    orderId, userFullName: fullName, payerFullName: fullName, amount, accountIban: 'KZ86125KZT5004100100',
    paymentDate: new Date().toISOString().slice(0, 10), bankBic: 'HSBKKZKX', reason: 'Изменились планы на подготовку',
  };
}
