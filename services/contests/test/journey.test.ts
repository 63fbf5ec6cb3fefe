/**
 * The real processes (identity, contests, the gateway) from their built dist/: a student's profile
 * reaches contests only through identity's events over NATS, and the draw is public at the gateway.
 */
import t from 'tap';
import { eventually, startPlatform } from '@joo/testing';

// Three real processes with their migrations and seeds: slow on a shared two-core machine.
t.setTimeout(300_000);

type Answer = { status: number; body: any };

function client(base: string) {
  return async (method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Answer> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

t.test('when a student fills in the profile a contest needs, then they can enter, and the draw is public', async (t) => {
  const platform = await startPlatform(t, { services: ['contests'] });
  const call = client(platform.gatewayUrl);
  const device = { id: 'phone', name: 'Phone' };

  const admin = (await call('POST', '/v1/identity/login', { body: { login: platform.admin.email, password: platform.admin.password, device } })).body.accessToken;
  const seeded = await call('GET', '/v1/contests/admin/contests', { token: admin });
  t.equal(seeded.status, 200);
  t.ok(seeded.body.items.some((c: { kind: string }) => c.kind === 'partner_grants'), 'the grants contest is seeded');

  const offer = (await call('GET', '/v1/identity/offers/current')).body.version;
  const student = { fullName: 'Дана Серікқызы', region: 'karaganda', email: 'dana@example.kz', phone: '+77011234567', password: 'jaksy-dayyndyq-2026', locale: 'kk', acceptOffer: true, offerVersion: offer };
  t.equal((await call('POST', '/v1/identity/register', { body: student })).status, 201);
  const token = (await call('POST', '/v1/identity/login', { body: { login: student.email, password: student.password, device } })).body.accessToken;

  const created = await call('POST', '/v1/contests/admin/contests', {
    token: admin,
    body: {
      title: { kk: 'Күзгі байқау', ru: 'Осенний конкурс' }, description: { kk: 'Сипаттама', ru: 'Описание' },
      conditions: { kk: 'Шарттар', ru: 'Условия' }, sponsor: { name: 'JOO.KZ' }, prizes: [{ name: 'Планшет', quantity: 1 }],
      startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      eligibility: { requiredProfileFields: ['birthDate'], regions: ['karaganda'] },
    },
  });
  t.equal(created.status, 201);
  const id = created.body.id;
  t.equal((await call('POST', `/v1/contests/admin/contests/${id}/launch`, { token: admin })).status, 200);

  const refused = await call('POST', `/v1/contests/${id}/entries`, { token });
  t.equal(refused.status, 403);
  t.same(refused.body.missing, ['birthDate'], 'the student is told what to fill in');

  t.equal((await call('PATCH', '/v1/identity/me', { token, body: { birthDate: '2007-05-01' } })).status, 200);
  let entered: Answer | undefined;
  await eventually(async () => {
    entered = await call('POST', `/v1/contests/${id}/entries`, { token });
    return entered.status === 201;
  }, { message: 'identity.user.profile_updated to reach contests', timeoutMs: 15_000, intervalMs: 100 });
  t.equal(entered!.status, 201);

  const drawn = await call('POST', `/v1/contests/admin/contests/${id}/draw`, { token: admin });
  t.equal(drawn.status, 200);
  const published = await call('GET', `/v1/contests/${id}/draw`);
  t.equal(published.status, 200, 'anyone can fetch the draw through the gateway');
  t.same(published.body.winners.map((w: { entryId: string }) => w.entryId), [entered!.body.entryId]);
  t.equal((await call('GET', `/v1/contests/${id}`, { token })).body.myEntry.prize, 'Планшет');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
