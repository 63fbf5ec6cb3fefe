/** Steps the journeys share, each through the gateway with @joo/client as the site would take it. */
import { randomUUID } from 'node:crypto';
import { ApiError, createJooClient, type JooClient } from '@joo/client';
import { eventually } from '@joo/testing';

export interface Student { fullName: string; region: string; email: string; phone: string; password: string; locale: 'kk' | 'ru' }

/** A client of its own for one user (its session is that user's), signed in from `device`. */
export async function signedIn(baseUrl: string, login: string, password: string, device = 'web'): Promise<JooClient> {
  const joo = createJooClient({ baseUrl });
  await joo.signIn({ login, password, device: { id: device, name: device } });
  return joo;
}

/** The ApiError a call was refused with; throws when the call succeeded. */
export async function refusal(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the call was expected to be refused, and succeeded');
}

/**
 * Registers the student on the current offer; resolves with the new user's id. The student agrees to
 * the cross-border transfer (offer 3.7), so e-mail and SMS reach them; `crossBorder: false` keeps
 * their messages in the in-app inbox only.
 */
export async function register(joo: JooClient, student: Student, consents: { crossBorder: boolean } = { crossBorder: true }): Promise<{ userId: string }> {
  const { version } = await joo.get('/v1/identity/offers/current');
  // `as never`: the generated client learns consents.crossBorder when the API description is regenerated.
  return joo.post('/v1/identity/register', { body: { ...student, acceptOffer: true, offerVersion: version, consents } as never });
}

/**
 * Billing learns prices from catalog's events: until then an order of the product is refused (422,
 * the key released), so the user's press is repeated, with ITS key, until billing takes it.
 */
export function placeOrder(joo: JooClient, productId: string, idempotencyKey = randomUUID()) {
  const place = () => joo.api.POST('/v1/billing/orders', {
    body: { productId, profileSubject: 'math-physics', acceptTerms: true }, headers: { 'idempotency-key': idempotencyKey },
  });
  return { place, placed: eventually(async () => { const r = await place(); return r.response.status === 201 && r; }, { timeoutMs: 10_000, intervalMs: 100 }) };
}

/** Presses the sandbox's Pay button of a payment page. */
export async function payInSandbox(paymentUrl: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${paymentUrl}/confirm`, { method: 'POST', headers: { accept: 'application/json' } });
  return { status: res.status, body: await res.json() };
}

export interface Purchase { orderId: string; productId: string; confirmed: { status: number; body: unknown } }

/** Orders the package `code` and pays in the sandbox. */
export async function buyInSandbox(joo: JooClient, code = 'standard'): Promise<Purchase> {
  const product = (await joo.get('/v1/catalog/products')).items.find((p) => p.code === code)!;
  const { data: order } = await placeOrder(joo, product.id).placed;
  return { orderId: order!.orderId, productId: product.id, confirmed: await payInSandbox(order!.paymentUrl) };
}

/** A complete refund application of the whole `amount` of `orderId`, paid today by the student. */
export function fullRefundApplication(orderId: string, fullName: string, amount: number) {
  return {
    orderId, userFullName: fullName, payerFullName: fullName, amount, accountIban: 'KZ86125KZT5004100100',
    paymentDate: new Date().toISOString().slice(0, 10), bankBic: 'HSBKKZKX', reason: 'Изменились планы на подготовку',
  };
}
