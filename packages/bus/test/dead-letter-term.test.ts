import t from 'tap';
import { startConsumer } from '../src/consumer.js';
import { listDeadLetters } from '../src/dead-letters.js';
import { deadLettersOnceThere, publishOrders, setup } from './helpers.js';

// nats-server 2.9 (Debian's, and CI's) does not parse `+TERM <reason>`: it took it for an unknown
// ack and redelivered the message every ack wait for ever. Whatever server runs the tests proves it.
t.test('when an event is dead-lettered, then the server does not deliver it again after the ack wait', async (t) => {
  const env = await setup(t, 'dead_letter_term');
  const { db, bus, log, registry } = env;
  const [event] = await publishOrders(env, ['o-1']);
  let attempts = 0;
  const ackWaitMs = 1000;
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, ackWaitMs, maxDeliver: 1,
    handle: async () => {
      attempts += 1;
      throw new Error('always broken');
    },
  });
  t.teardown(() => consumer.stop());
  const [letter] = await deadLettersOnceThere(db, 'billing');
  t.equal(letter!.eventId, event!.id);
  t.match(letter!.error, /always broken/, 'the reason is kept in the dead letter');

  await new Promise((resolve) => setTimeout(resolve, 3 * ackWaitMs + 500));
  t.equal(attempts, 1, 'not delivered again after three ack waits');
  const info = await bus.jsm.consumers.info(bus.streamName('shop'), 'billing');
  t.equal(info.num_ack_pending, 0, 'the server holds nothing awaiting an ack');
  t.equal(info.num_redelivered, 0, 'and redelivered nothing');
  const [still] = await listDeadLetters(db.pool, 'billing');
  t.equal(still!.attempts, 1, 'the dead letter was not rewritten by redeliveries');
});
