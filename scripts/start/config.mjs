// What to start and with which environment: deploy/services.json, validated before anything runs,
// and the variables each service is given.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localEnv, readServiceList, ServiceListError } from '@joo/service-list';
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

/** IDENTITY_PORT for identity, GATEWAY_PORT for the gateway: the variable that moves a service. */
function portVariable(name) {
  return `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
}

/** Appended to every database name, so a second platform (a test's) leaves the first one's alone. */
function databaseSuffix() {
  const suffix = process.env.JOO_DATABASE_SUFFIX ?? '';
  if (!/^[a-z0-9_]{0,24}$/.test(suffix)) throw new ConfigError(`JOO_DATABASE_SUFFIX must be up to 24 of a-z, 0-9 and _, got '${suffix}'`);
  return suffix;
}

/**
 * deploy/services.json through its one reader (packages/service-list, built by start.sh), with
 * <SERVICE>_PORT (e.g. GATEWAY_PORT) in place of a listed port and JOO_DATABASE_SUFFIX after each
 * database name, and where each service's scripts are.
 */
export function readServices() {
  let list;
  try {
    const moved = (name) => (process.env[portVariable(name)] ? [[name, intFromEnv(portVariable(name), 1)]] : []);
    const names = readServiceList(ROOT).map((e) => e.name);
    list = readServiceList(ROOT, { ports: Object.fromEntries(names.flatMap(moved)) });
  } catch (err) {
    if (err instanceof ServiceListError) throw new ConfigError(err.message);
    throw err;
  }
  const suffix = databaseSuffix();
  return list.map((entry) => {
    const dir = path.join(ROOT, 'services', entry.name);
    return {
      ...entry,
      database: entry.database && `${entry.database}${suffix}`,
      dir,
      main: path.join(dir, 'dist', 'main.js'),
      migrate: path.join(dir, 'dist', 'migrate.js'),
      seed: path.join(dir, 'dist', 'seed.js'),
    };
  });
}

/** Returns envFor(service): our own environment plus what that service needs to find the rest. */
export function makeEnvFor({ pgPort, natsUrl, jwksUrl, backends, secrets, serviceSecrets, admin, urlOf, providerEnv }) {
  return (s) => {
    const env = { ...process.env };
    // Inherited values would point every service at the same place; only the ones set here count.
    delete env.DATABASE_URL;
    delete env.UPSTREAMS;
    Object.assign(env, { HOST, PORT: String(s.port), METRICS_PORT: String(s.metricsPort), NATS_URL: natsUrl, JWKS_URL: jwksUrl });
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
