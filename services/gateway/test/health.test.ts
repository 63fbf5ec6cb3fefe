import t from 'tap';
import { testBus } from '@joo/testing';
import { connectBus } from '@joo/bus';
import { gateway } from './helper.js';

t.test('when every service and NATS are ready, then /health/ready is 200 and lists each', async (t) => {
  const tb = await testBus(t);
  const bus = await connectBus({ url: tb.url, prefix: tb.prefix, name: 'gateway-health-test' });
  t.teardown(() => bus.close());
  const { app } = await gateway(t, { readiness: { nats: () => bus.nc.rtt() } });
  const res = await app.inject('/health/ready');
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ready', checks: { nats: 'ok', identity: 'ok', catalog: 'ok' } });
});

t.test('when one service is not ready, then /health/ready is 503 naming it; /health/live stays 200', async (t) => {
  const { app, catalog } = await gateway(t);
  catalog.setReady(false);
  const res = await app.inject('/health/ready');
  t.equal(res.statusCode, 503);
  t.same(res.json().checks, { identity: 'ok', catalog: 'failing' });
  t.equal((await app.inject('/health/live')).statusCode, 200);
  catalog.setReady(true);
  t.equal((await app.inject('/health/ready')).statusCode, 200);
});

t.test('when a service is down or the NATS connection is closed, then /health/ready is 503', async (t) => {
  const tb = await testBus(t);
  const bus = await connectBus({ url: tb.url, prefix: tb.prefix, name: 'gateway-health-test' });
  const { app, identity } = await gateway(t, { readiness: { nats: () => bus.nc.rtt() } });
  await identity.close();
  await bus.close();
  const res = await app.inject('/health/ready');
  t.equal(res.statusCode, 503);
  t.same(res.json().checks, { nats: 'failing', identity: 'failing', catalog: 'ok' });
});
