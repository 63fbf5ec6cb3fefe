import t from 'tap';
import { UserRegistered } from '@joo/contracts';
import { sweepRoutes } from '@joo/testing';
import { apply, build, envelope, registered } from './helper.js';

t.test('when every route of the OpenAPI document gets odd input, then it answers a problem, never a 500', async (t) => {
  const b = await build(t);
  const u = registered();
  await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  await b.drain();
  const calls = await sweepRoutes(t, b.app, {
    headers: (path) => (path.includes('/admin/') ? b.admin : b.bearerOf(u.userId)),
    bodies: [
      { audience: { regions: ['a\u0000'] }, channels: ['email'], template: 'new_materials' },
      { audience: {}, channels: ['sms'], body: { kk: 'a\u0000', ru: 'b' } },
      { audience: {}, channels: ['sms'], template: 'x'.repeat(99) },
      { audience: {}, channels: ['email'], template: 'new_materials', scheduleAt: '2026-02-30T25:00:00Z' },
      { shutdownAt: '9999-12-31T23:59:59Z', message: { kk: 'a', ru: 'b' } },
      { shutdownAt: '2026-01-01T00:00:00Z', message: { kk: 'a\u0000', ru: 'b' } },
      [{ event: 'delivered', joo_message_id: 'not-a-uuid' }],
    ],
  });
  t.ok(calls > 50, `${calls} calls made`);
  // The drain after the sweep settles whatever the sweep queued without a 500 or a throw.
  await b.drain();
});
