import t from 'tap';
import { createServer } from 'node:net';
import { ephemeralRange, reservePort } from '../src/ports.js';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

t.test('a reserved port lies below the ephemeral range and is refused to others until released', async (t) => {
  const reserved = await reservePort();
  t.teardown(() => reserved.release());
  t.ok(reserved.port >= 10_000 && reserved.port < ephemeralRange().low, `port ${reserved.port} is below ${ephemeralRange().low}`);
  t.equal(await canListen(reserved.port), false, 'held: another listener is refused');
  await reserved.release();
  t.equal(await canListen(reserved.port), true, 'released: the child can listen on it');
  await t.resolves(reserved.release(), 'releasing twice is harmless');
});

t.test('reservations made together never share a port', async (t) => {
  const all = await Promise.all(Array.from({ length: 30 }, () => reservePort()));
  t.teardown(() => Promise.all(all.map((r) => r.release())));
  t.equal(new Set(all.map((r) => r.port)).size, all.length);
});
