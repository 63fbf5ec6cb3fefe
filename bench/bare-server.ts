// The baseline: the smallest Fastify route this machine can serve, in its own process like a service.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/me', async () => ({ id: '0190d9a0-0000-7000-8000-000000000000', fullName: 'Bench Student', locale: 'ru' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.send?.({ port: (app.server.address() as { port: number }).port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
