/**
 * An authenticated `GET /v1/identity/me` through the gateway (JWT verified twice, the revoked-set
 * check, proxying, the session lookup and profile read in identity) against a bare Fastify route
 * on the same machine.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchPlatform, figure, load, registerAndLogin } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;

async function bareBaseline() {
  const child = fork(fileURLToPath(new URL('./bare-server.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  try {
    return await load({ url: `http://127.0.0.1:${port}/me`, connections: CONNECTIONS, duration: SECONDS });
  } finally {
    child.kill('SIGTERM');
  }
}

const bare = await bareBaseline();
const { platform, close } = await benchPlatform();
try {
  const { accessToken } = await registerAndLogin(platform.gatewayUrl);
  const headers = { authorization: `Bearer ${accessToken}` };
  const viaGateway = await load({ url: `${platform.gatewayUrl}/v1/identity/me`, headers, connections: CONNECTIONS, duration: SECONDS });
  const direct = await load({ url: `${platform.services.identity!.url}/v1/identity/me`, headers, connections: CONNECTIONS, duration: SECONDS });
  figure('bare Fastify GET /me req/s', bare.requestsPerSecond, '/s');
  figure('bare Fastify GET /me p99', bare.p99, 'ms');
  figure('identity GET /v1/identity/me direct req/s', direct.requestsPerSecond, '/s');
  figure('identity GET /v1/identity/me direct p99', direct.p99, 'ms');
  figure('gateway → identity GET /v1/identity/me req/s', viaGateway.requestsPerSecond, '/s');
  figure('gateway → identity GET /v1/identity/me p99', viaGateway.p99, 'ms');
  figure('errors / non-2xx through the gateway', `${viaGateway.errors} / ${viaGateway.non2xx}`);
  figure('gateway path vs bare route', (100 * viaGateway.requestsPerSecond) / bare.requestsPerSecond, '%');
} finally {
  await close();
}
