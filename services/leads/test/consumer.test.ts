import t from 'tap';
import { connectBus, publishEnvelope, startConsumer } from '@joo/bus';
import { ConsentChanged, UserProfileUpdated, UserRegistered, type Envelope } from '@joo/contracts';
import { eventually, testBus, testLogger } from '@joo/testing';
import { uuidv7 } from 'uuidv7';
import { identityRoutes } from '../src/events/identity.js';
import { findContact } from '../src/store/contacts.js';
import { build } from './helper.js';

t.test('when identity publishes a registration, a profile change and a consent change, then leads keeps its own contact copy', async (t) => {
  const { pool } = await build(t);
  const { prefix, url } = await testBus(t);
  const bus = await connectBus({ url, prefix, name: 'leads-consumer-test' });
  await bus.ensureStream('identity');
  const consumer = await startConsumer({ pool, bus, consumer: 'leads', ...identityRoutes.consumer(), log: testLogger() });
  t.teardown(async () => {
    await consumer.stop();
    await bus.close();
  });

  const userId = uuidv7();
  const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 9, 0, s)).toISOString();
  const envelope = (type: string, data: Record<string, unknown>, time: string): Envelope => ({ id: uuidv7(), type, source: 'identity', time, subject: userId, data });
  const registered = envelope(UserRegistered.type, {
    userId, fullName: 'Ерлан Ахметов', email: 'erlan@example.kz', phone: '+77017654321', region: 'pavlodar', locale: 'ru', roles: ['student'],
    consents: { marketingEmail: true, marketingSms: true, marketingCalls: true, crossBorderTransfer: false }, offerVersion: 1, registeredAt: at(0),
  }, at(0));
  await publishEnvelope(bus, registered);
  await publishEnvelope(bus, registered); // a duplicate is applied once
  await publishEnvelope(bus, envelope(UserProfileUpdated.type, {
    userId, fullName: 'Ерлан Ахметов', email: 'erlan@example.kz', phone: '+77017654321', region: 'astana', locale: 'kk',
    filled: ['untScores'], untScores: { history: 18 }, updatedAt: at(1),
  }, at(1)));
  await publishEnvelope(bus, envelope(ConsentChanged.type, {
    userId, consents: { marketingEmail: false, marketingSms: false, marketingCalls: false, crossBorderTransfer: true }, changedAt: at(2),
  }, at(2)));

  const contact = await eventually(async () => {
    const copy = await findContact(pool, userId);
    return copy?.crossBorderTransfer && copy;
  }, { message: 'the consent change in the contact copy' });
  t.same(contact, {
    fullName: 'Ерлан Ахметов', email: 'erlan@example.kz', phone: '+77017654321', region: 'astana', locale: 'kk',
    untScores: { history: 18 }, offerVersion: 1, crossBorderTransfer: true, erased: false,
  });
});
