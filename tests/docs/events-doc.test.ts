import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { consumersInCode, DOC, eventsDoc, eventsDocIsCurrent, ROOT } from '../../scripts/events-doc.js';

t.test('when the generator runs, then the committed docs/events.md is what it writes', async (t) => {
  t.ok(eventsDocIsCurrent(ROOT), `run pnpm events:doc and commit ${DOC}`);
});

t.test('when a service routes events, then it is listed as their consumer, and only then', async (t) => {
  const consumers = consumersInCode(ROOT);
  t.same(consumers.get('identity.user.registered.v1'), ['contests', 'leads', 'notifications', 'refunds']);
  t.same(consumers.get('identity.session.revoked.v1'), ['gateway', 'notifications'], 'the gateway by the types of its feed');
  t.same(consumers.get('catalog.entitlement.granted.v1'), ['contests', 'identity', 'notifications', 'practice', 'refunds']);
  t.equal(consumers.get('identity.user.reinstated.v1'), undefined);
});

t.test('when a route is added to a service, then the document lists the service as a consumer', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'joo-events-doc-'));
  mkdirSync(join(root, 'services/quizzes/src/events'), { recursive: true });
  cpSync(join(ROOT, 'services/leads/src'), join(root, 'services/leads/src'), { recursive: true });
  writeFileSync(join(root, 'services/quizzes/src/events/identity.ts'),
    'export const routes = eventRouter()\n  .on(UserSuspended, async () => {})\n  .on(\n    UserErased, async () => {});\n');
  const doc = eventsDoc(root);
  t.match(doc, '| [identity.user.suspended.v1](#identityusersuspendedv1) | identity | `userId` | quizzes |');
  t.match(doc, '| [identity.user.erased.v1](#identityusererasedv1) | identity | `userId` | leads, quizzes |');

  writeFileSync(join(root, 'services/quizzes/src/events/identity.ts'), 'eventRouter().on(UserVanished, async () => {});\n');
  t.throws(() => eventsDoc(root), /UserVanished is not an event of packages\/contracts/);
});
