import t from 'tap';
import { handlerFor, registerHandler, type EventHandler } from '@joo/bus';
import { startBilling, world } from './helper.js';

const noop = (): EventHandler => async () => {};

t.test('when a registration is removed, then handlerFor forgets it and falls back to one still running', async (t) => {
  const first = noop();
  const second = noop();
  const removeFirst = registerHandler('unit', 'shop', first);
  t.equal(handlerFor('unit', 'shop'), first);
  t.equal(handlerFor('unit', 'other'), undefined, 'keyed by source');
  t.equal(handlerFor('other', 'shop'), undefined, 'and by consumer');
  const removeSecond = registerHandler('unit', 'shop', second);
  t.equal(handlerFor('unit', 'shop'), second, 'the newest answers');
  removeSecond();
  t.equal(handlerFor('unit', 'shop'), first, 'the older one still runs');
  removeFirst();
  removeFirst();
  t.equal(handlerFor('unit', 'shop'), undefined, 'gone, and removing twice is harmless');
});

t.test('when a consumer stops, then the registry forgets its handler', async (t) => {
  const w = await world(t, 'dlr_registry');
  const handle = noop();
  const consumer = await startBilling(t, w, handle);
  t.equal(handlerFor('billing', 'shop'), handle, 'a running consumer is found by consumer and source');
  await consumer.stop();
  t.equal(handlerFor('billing', 'shop'), undefined);
});
