// What to start and with which environment: deploy/services.json, validated before anything runs,
// and the variables each service is given.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './errors.mjs';
import { intFromEnv } from './options.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST = '127.0.0.1';
const DEFAULT_ADMIN_EMAIL = 'admin@joo.local';
const DEFAULT_ADMIN_PASSWORD = 'joo-admin-2026!';

export function adminLogin() {
  return {
    email: process.env.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL,
    password: process.env.ADMIN_PASSWORD || DEFAULT_ADMIN_PASSWORD,
  };
}

export function readServices() {
  const file = path.join(ROOT, 'deploy', 'services.json');
  let list;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read ${path.relative(ROOT, file)}: ${err.message}`);
  }
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError('deploy/services.json must be a non-empty array');
  }
  const seenNames = new Set();
  const seenPorts = new Map();
  return list.map((entry, i) => {
    const where = `deploy/services.json[${i}]`;
    if (!entry || typeof entry !== 'object') throw new ConfigError(`${where} is not an object`);
    const { name, database } = entry;
    let { port } = entry;
    if (typeof name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(name)) throw new ConfigError(`${where}.name is invalid`);
    if (seenNames.has(name)) throw new ConfigError(`${where}: service ${name} is listed twice`);
    seenNames.add(name);
    if (name === 'gateway' && process.env.GATEWAY_PORT) port = intFromEnv('GATEWAY_PORT', port);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new ConfigError(`${where}.port is invalid`);
    if (seenPorts.has(port)) throw new ConfigError(`${name} and ${seenPorts.get(port)} both want port ${port}`);
    seenPorts.set(port, name);
    if (database !== null && database !== undefined && (typeof database !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(database))) {
      throw new ConfigError(`${where}.database is invalid`);
    }
    const secrets = entry.secrets ?? [];
    if (!Array.isArray(secrets) || !secrets.every((v) => typeof v === 'string' && /^[A-Z][A-Z0-9_]*$/.test(v))) {
      throw new ConfigError(`${where}.secrets must list variable names`);
    }
    const local = entry.local ?? {};
    if (typeof local !== 'object' || Array.isArray(local) || !Object.values(local).every((v) => typeof v === 'string')) {
      throw new ConfigError(`${where}.local must map variable names to strings`);
    }
    const dir = path.join(ROOT, 'services', name);
    return {
      name,
      port,
      database: database ?? null,
      secrets,
      local,
      dir,
      main: path.join(dir, 'dist', 'main.js'),
      migrate: path.join(dir, 'dist', 'migrate.js'),
      seed: path.join(dir, 'dist', 'seed.js'),
    };
  });
}

/**
 * A service's `local` variables from services.json (what a laptop or test run needs, e.g. the
 * sandbox payment provider), with `{url:<service>}` and `{url:self}` replaced by local URLs.
 */
export function localEnv(s, urlOf) {
  const env = {};
  for (const [name, value] of Object.entries(s.local)) {
    env[name] = value.replace(/\{url:([a-z-]+)\}/g, (_, target) => urlOf(target === 'self' ? s.name : target));
  }
  return env;
}

/** Returns envFor(service): our own environment plus what that service needs to find the rest. */
export function makeEnvFor({ pgPort, natsUrl, jwksUrl, backends, secrets, serviceSecrets, admin, urlOf, providerEnv }) {
  return (s) => {
    const env = { ...process.env };
    // Inherited values would point every service at the same place; only the ones set here count.
    delete env.DATABASE_URL;
    delete env.UPSTREAMS;
    Object.assign(env, { HOST, PORT: String(s.port), NATS_URL: natsUrl, JWKS_URL: jwksUrl });
    if (s.database) env.DATABASE_URL = `postgres://postgres@${HOST}:${pgPort}/${s.database}`;
    Object.assign(env, localEnv(s, urlOf), serviceSecrets(s));
    if (s.name === 'gateway') {
      env.UPSTREAMS = backends.map((b) => `${b.name}=http://${HOST}:${b.port}`).join(',');
    }
    if (s.name === 'notifications') Object.assign(env, providerEnv);
    if (s.name === 'identity') {
      Object.assign(env, secrets, { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
    }
    return env;
  };
}
