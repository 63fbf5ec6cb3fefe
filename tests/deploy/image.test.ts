/**
 * The image cannot be built here (no Docker engine), so what can be checked is checked: the
 * Dockerfile's pins and stages, and the entrypoint script itself, run against this checkout's
 * built services the way the container runs them (APP_ROOT points at the checkout).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { SERVICE_NODE_FLAGS } from '@joo/service-list';
import { testDatabase } from '@joo/testing';
import { readServices } from '../../deploy/lib/services.js';
import { rootOf } from './lib/kustomize.js';

const ROOT = rootOf(import.meta.url);
const ENTRYPOINT = join(ROOT, 'deploy/docker-entrypoint.sh');

function entrypoint(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', [ENTRYPOINT, ...args], { env: { PATH: process.env.PATH!, APP_ROOT: ROOT, ...env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

t.test('when the Dockerfile is read, then it pins Node 20 and pnpm, installs production dependencies only and runs as non-root', async (t) => {
  const text = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
  t.match(text, /^ARG NODE_IMAGE=node:20\.\d+\.\d+-bookworm-slim$/m, 'Node 20 pinned to a patch version');
  t.match(text, /pin it by digest/i, 'says to pin by digest in production');
  t.match(text, /npm install --global pnpm@10\.34\.9/);
  t.match(text, /pnpm install --frozen-lockfile --offline --prod/);
  t.match(text, /pnpm run build/);
  const runtime = text.slice(text.lastIndexOf('\nFROM '));
  t.match(runtime, /^USER 1000:1000$/m, 'the runtime stage runs as uid 1000');
  t.notMatch(runtime, /^RUN .*\b(pnpm|npm)\b/m, 'no package manager run in the runtime stage');
  t.match(runtime, /ENTRYPOINT \["\/usr\/local\/bin\/joo"\]/);
  t.match(runtime, /COPY deploy\/docker-entrypoint\.sh \/usr\/local\/bin\/joo/);
  const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
  for (const entry of ['**/node_modules', '**/dist', '.git', '.env', '.data']) t.ok(ignore.includes(entry), `.dockerignore has ${entry}`);
});

t.test('when the image serves a service, then node runs with the same flags as everywhere else', async (t) => {
  const serve = readFileSync(ENTRYPOINT, 'utf8').split('\n').find((line) => /^\s*exec node .*main\.js"$/.test(line));
  t.ok(serve, 'the serve line');
  for (const flag of SERVICE_NODE_FLAGS) t.ok(serve!.split(' ').includes(flag), `serve runs node ${flag}`);
});

t.test('when the entrypoint gets no service or an unknown one, then it refuses with a usage error', async (t) => {
  const none = await entrypoint(['serve'], {});
  t.equal(none.code, 64);
  t.match(none.out, /set SERVICE/);
  const unknown = await entrypoint(['migrate'], { SERVICE: 'payroll' });
  t.equal(unknown.code, 64);
  t.match(unknown.out, /no service 'payroll'/);
  const injected = await entrypoint(['serve'], { SERVICE: '../identity' });
  t.equal(injected.code, 64);
});

t.test('when the entrypoint migrates each service of services.json, then its database is migrated, or it says there is none', async (t) => {
  for (const s of readServices(ROOT)) {
    if (!s.database) {
      const res = await entrypoint(['migrate'], { SERVICE: s.name });
      t.equal(res.code, 0, `${s.name}: ${res.out}`);
      t.match(res.out, /has no database; nothing to migrate/);
      continue;
    }
    const db = await testDatabase(t, { label: `image_${s.name}`, poolSize: 1 });
    const res = await entrypoint(['migrate'], { SERVICE: s.name, DATABASE_URL: db.url });
    t.equal(res.code, 0, `${s.name} migrate: ${res.out}`);
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('outbox', 'inbox', 'dead_letters')");
    t.equal(rows[0]!.n, 3, `${s.name}: the bus tables exist`);
    const again = await entrypoint(['migrate'], { SERVICE: s.name, DATABASE_URL: db.url });
    t.equal(again.code, 0, `${s.name}: migrating twice is harmless`);
  }
});

t.test('when another command is given, then the entrypoint runs it as is', async (t) => {
  const res = await entrypoint(['echo', 'debug shell'], {});
  t.equal(res.code, 0);
  t.equal(res.out.trim(), 'debug shell');
});
