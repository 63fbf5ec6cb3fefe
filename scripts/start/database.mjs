// Before any service starts, each one with a database gets it created if missing, migrated, and
// seeded (when it has a seed script), in services.json order. A failure here stops the start.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isStopping, runTask } from './children.mjs';
import { HOST, ROOT } from './config.mjs';
import { ConfigError, Stopped } from './errors.mjs';
import { log } from './output.mjs';

// The same code the services' tooling uses (packages/db), built by scripts/start.sh before this runs.
async function ensureDatabase(pgPort, name) {
  const db = await import(pathToFileURL(path.join(ROOT, 'packages', 'db', 'dist', 'index.js')).href);
  return db.ensureDatabase(`postgres://postgres@${HOST}:${pgPort}/postgres`, name);
}

export async function prepareDatabases(services, { pgPort, envFor }) {
  for (const s of services.filter((x) => x.database)) {
    if (isStopping()) throw new Stopped();
    let created;
    try {
      created = await ensureDatabase(pgPort, s.database);
    } catch (err) {
      throw new ConfigError(`cannot create database ${s.database} on ${HOST}:${pgPort}: ${err.message}`);
    }
    if (created) log(`created database ${s.database}`);
    await runTask(`${s.name}:migrate`, s.migrate, { cwd: s.dir, env: envFor(s) });
    if (existsSync(s.seed)) await runTask(`${s.name}:seed`, s.seed, { cwd: s.dir, env: envFor(s) });
  }
}
