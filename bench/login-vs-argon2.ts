/**
 * Login throughput against the cost floor: how many argon2id hashes per second this machine does
 * with identity's parameters, and how many logins per second identity serves (each login is one
 * argon2id verify plus its SQL). Goal: logins ≥ 85% of raw hashes.
 */
import { availableParallelism } from 'node:os';
import { hash } from '@node-rs/argon2';
// The very parameters identity hashes with, so the comparison is like for like.
import { ARGON2_OPTIONS } from '../services/identity/dist/crypto/passwords.js';
import { benchPlatform, figure, load, registerAndLogin, STUDENT } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

async function rawHashesPerSecond(concurrency: number): Promise<number> {
  const deadline = Date.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) {
      await hash(STUDENT.password, ARGON2_OPTIONS);
      done += 1;
    }
  }));
  return done / SECONDS;
}

const concurrency = Math.max(4, availableParallelism() * 2);
const raw = await rawHashesPerSecond(concurrency);

const { platform, close } = await benchPlatform();
try {
  await registerAndLogin(platform.gatewayUrl);
  const body = JSON.stringify({ login: STUDENT.email, password: STUDENT.password, device: { id: 'bench', name: 'Bench' } });
  const direct = await load({
    url: `${platform.services.identity!.url}/v1/identity/login`, method: 'POST', body,
    headers: { 'content-type': 'application/json' }, connections: concurrency, duration: SECONDS,
  });
  figure('cores', availableParallelism());
  figure(`raw argon2id hashes/s (19 MiB, t=2, p=1, ${concurrency} at once)`, raw, '/s');
  figure('identity POST /login req/s (direct)', direct.requestsPerSecond, '/s');
  figure('identity POST /login p99', direct.p99, 'ms');
  figure('errors / non-2xx', `${direct.errors} / ${direct.non2xx}`);
  figure('login throughput vs raw argon2id', (100 * direct.requestsPerSecond) / raw, '% (goal ≥ 85%)');
} finally {
  await close();
}
