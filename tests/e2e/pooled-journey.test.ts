import { randomUUID } from 'node:crypto';
import t from 'tap';
import { eventually, startPlatform } from '@joo/testing';
import { createJooClient } from '@joo/client';
import { buyInSandbox, fullRefundApplication, refusal, register, signedIn, type Student } from './steps.js';

// Two server sessions per database while each service's pool opens up to ten clients: consecutive
// transactions of one client run on whichever session is free, and a session passes from client to
// client, so a named prepared statement fails on the server (checked below) and SET or a session
// lock would leak from one client's transactions into another's.
const POOL_SIZE = 2;
// Every service with its migrations and seeds, behind one more process: slow on a shared two-core machine.
t.setTimeout(300_000);

// A full server (53: insufficient resources) or a lost connection (08, 57: shut down) says nothing
// about session state, and can happen on a machine that runs other tests beside this one.
const NOT_SESSION_STATE = /^(08|53|57)/;

/** The database errors a service logged (pino lines whose `err` is node-postgres's), but NOT_SESSION_STATE. */
function databaseErrors(output: string[]): string[] {
  return output.join('').split('\n').filter((line) => line.includes('"type":"DatabaseError"')).flatMap((line) => {
    let err: { code?: string; message: string };
    try {
      err = (JSON.parse(line) as { err: { code?: string; message: string } }).err;
    } catch {
      return [line];
    }
    return NOT_SESSION_STATE.test(err.code ?? '') ? [] : [`${err.code}: ${err.message}`];
  });
}

t.test('every service behind PgBouncer in transaction pooling: register, buy, watch, refund, lead', async (t) => {
  const platform = await startPlatform(t, { pgbouncer: { poolSize: POOL_SIZE } });
  const baseUrl = platform.gatewayUrl;
  const student: Student = {
    fullName: 'Дана Омарова', region: 'astana', email: 'dana.pooled@example.kz', phone: '+7 702 111 22 55', password: 'sabaq-oqu-2026!', locale: 'ru',
  };

  t.match(await register(createJooClient({ baseUrl }), student), { userId: String }, 'registered');
  const dana = await signedIn(baseUrl, student.email, student.password);
  const admin = await signedIn(baseUrl, platform.admin.email, platform.admin.password, 'admin');

  const { orderId, productId, confirmed } = await buyInSandbox(dana);
  t.match(confirmed, { status: 200, body: { paymentStatus: 'succeeded', orderStatus: 'paid' } }, 'paid in the sandbox');
  const lesson = (await dana.get('/v1/catalog/content', { params: { query: { product: productId, limit: 1 } } })).items[0]!;
  const openLesson = () => dana.get('/v1/catalog/content/{id}', { params: { path: { id: lesson.id } } });
  t.match(await eventually(openLesson, { timeoutMs: 10_000 }), { id: lesson.id, playbackUrl: /^http/ }, 'the content plays');
  const granted = (await dana.get('/v1/catalog/me/entitlements')).items.filter((e) => e.orderId === orderId);
  t.match(granted, [{ state: 'active' }], 'one entitlement granted for the order');

  // The payment reaches refunds through billing's event: apply again (same key) until it has.
  const application = fullRefundApplication(orderId, student.fullName, 16_000_000);
  const headers = { 'idempotency-key': randomUUID() };
  const applied = await eventually(() => dana.post('/v1/refunds/applications', { body: application, headers }), { timeoutMs: 10_000, intervalMs: 100 });
  const approved = await admin.api.POST('/v1/refunds/admin/applications/{id}/approve', { params: { path: { id: applied.id } }, body: {} });
  t.equal(approved.response.status, 200, JSON.stringify(approved.error));
  await eventually(async () => (await refusal(openLesson())).status === 403, { timeoutMs: 20_000, intervalMs: 100 });
  const after = (await dana.get('/v1/catalog/me/entitlements')).items.find((e) => e.orderId === orderId);
  t.match(after, { state: 'revoked', revokedReason: 'refund' }, 'the refund ended the access');

  const university = (await dana.get('/v1/leads/universities')).items[0]!;
  const pressKey = { 'idempotency-key': randomUUID() };
  const press = () => dana.api.POST('/v1/leads', {
    headers: pressKey, body: { universityId: university.id, programmeId: university.programmes[0]!.id, message: 'Грант бар ма?' },
  });
  // identity's user.registered reaches leads in a moment; until then the press is 409.
  const lead = await eventually(async () => { const r = await press(); return r.response.status !== 409 && r; }, { timeoutMs: 10_000, intervalMs: 100 });
  t.equal(lead.response.status, 201, JSON.stringify(lead.error));
  t.match((await dana.get('/v1/leads/me')).items, [{ leadId: lead.data!.leadId }], 'the lead is created');

  // Session state a service relied on fails on the server (a named statement "does not exist" on
  // the session it lands on, or "already exists" on one another client prepared it on) even where a
  // retry hides it from the journey, as the relay's retries would: no statement may have failed.
  for (const s of Object.values(platform.services)) t.same(databaseErrors(s.output), [], `${s.name}: no statement failed on the server`);

  // The traffic really went through the pooler, which kept to its few server sessions.
  const stats = await platform.pgbouncer!.show<{ database: string; total_xact_count: string }>('STATS');
  const servers = await platform.pgbouncer!.show<{ database: string }>('SERVERS');
  for (const s of Object.values(platform.services).filter((x) => x.database)) {
    const transactions = Number(stats.find((row) => row.database === s.database)?.total_xact_count ?? 0);
    t.ok(transactions > 0, `${s.name}: ${transactions} transactions through PgBouncer`);
    t.ok(servers.filter((row) => row.database === s.database).length <= POOL_SIZE, `${s.name}: at most ${POOL_SIZE} server sessions`);
  }

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
