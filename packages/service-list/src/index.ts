/**
 * The one reader of deploy/services.json, the list of the services that exist: the start script,
 * the test kit's platform launcher and the deployment generator all read it through here, so they
 * agree on what an entry may say. No dependencies: the start script imports the built file as is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServiceEntry {
  name: string;
  port: number;
  /**
   * Where it serves `/metrics` for Prometheus, apart from its public port (which answers 404 there):
   * the entry's `metricsPort`, or `port + METRICS_PORT_OFFSET`. Services read it as METRICS_PORT.
   */
  metricsPort: number;
  /** Its own PostgreSQL database, or null (the gateway has none). */
  database: string | null;
  /** Variables the start script and the test kit fill with fresh 32-byte secrets; secrets in deployments too. */
  secrets: string[];
  /** Values for a laptop or test run only: `{url:<service>}` and `{url:self}` become local URLs. */
  local: Record<string, string>;
}

/** Where the list lives, from the repository root. */
export const SERVICE_LIST_PATH = 'deploy/services.json';

/** packages/service-list/dist/index.js → the repository root. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A service's metrics port when its entry names none (its own config default is the same). */
export const METRICS_PORT_OFFSET = 1000;

/**
 * Node flags every service process runs with, wherever it is started (`pnpm start`, the test
 * platform, the image's entrypoint). V8's young generation grows to 3 × 16 MB semi-spaces by
 * default and keeps them committed while idle; 4 MB semi-spaces keep an idle service near 100 MB
 * instead of 120–140 MB at no measured cost in throughput (ADR 0027).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

export class ServiceListError extends Error {
  override name = 'ServiceListError';
}

const NAME = /^[a-z][a-z0-9-]*$/;
const DATABASE = /^[a-z_][a-z0-9_]{0,62}$/;
const VARIABLE = /^[A-Z][A-Z0-9_]*$/;

export interface ReadOptions {
  /** Ports to use instead of the listed ones, by service name (e.g. the start script's GATEWAY_PORT). */
  ports?: Record<string, number>;
}

const isPort = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 65535;

/** The validated entries of a services.json text; throws a ServiceListError naming the first problem. */
export function parseServiceList(text: string, options: ReadOptions = {}): ServiceEntry[] {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (error) {
    throw new ServiceListError(`${SERVICE_LIST_PATH} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(list) || list.length === 0) throw new ServiceListError(`${SERVICE_LIST_PATH} must be a non-empty array`);
  const names = new Set<string>();
  const ports = new Map<number, string>();
  return list.map((raw: unknown, i) => {
    const where = `${SERVICE_LIST_PATH}[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ServiceListError(`${where} is not an object`);
    const entry = raw as Record<string, unknown>;
    const { name, database } = entry;
    if (typeof name !== 'string' || !NAME.test(name)) throw new ServiceListError(`${where}.name is invalid`);
    if (names.has(name)) throw new ServiceListError(`${where}: service ${name} is listed twice`);
    names.add(name);
    const port = options.ports?.[name] ?? entry.port;
    if (!isPort(port)) throw new ServiceListError(`${where}.port is invalid`);
    const metricsPort = entry.metricsPort ?? port + METRICS_PORT_OFFSET;
    if (!isPort(metricsPort)) throw new ServiceListError(`${where}.metricsPort is invalid (give one when port + ${METRICS_PORT_OFFSET} is not a port)`);
    for (const [p, owner] of [[port, name], [metricsPort, `${name} (metrics)`]] as const) {
      if (ports.has(p)) throw new ServiceListError(`${owner} and ${ports.get(p)} both want port ${p}`);
      ports.set(p, owner);
    }
    if (database !== null && database !== undefined && (typeof database !== 'string' || !DATABASE.test(database))) {
      throw new ServiceListError(`${where}.database is invalid`);
    }
    const secrets = entry.secrets ?? [];
    if (!Array.isArray(secrets) || !secrets.every((v) => typeof v === 'string' && VARIABLE.test(v))) {
      throw new ServiceListError(`${where}.secrets must list variable names`);
    }
    const local = entry.local ?? {};
    if (typeof local !== 'object' || Array.isArray(local) || !Object.values(local as object).every((v) => typeof v === 'string')) {
      throw new ServiceListError(`${where}.local must map variable names to strings`);
    }
    return { name, port, metricsPort, database: (database as string | null | undefined) ?? null, secrets: secrets as string[], local: local as Record<string, string> };
  });
}

/** The services of the repository at `root` (this one by default). */
export function readServiceList(root: string = REPOSITORY_ROOT, options: ReadOptions = {}): ServiceEntry[] {
  let text: string;
  try {
    text = readFileSync(join(root, SERVICE_LIST_PATH), 'utf8');
  } catch (error) {
    throw new ServiceListError(`cannot read ${SERVICE_LIST_PATH}: ${(error as Error).message}`);
  }
  return parseServiceList(text, options);
}

/** A service's `local` variables, with `{url:<service>}` and `{url:self}` replaced through `urlOf`. */
export function localEnv(entry: Pick<ServiceEntry, 'name' | 'local'>, urlOf: (service: string) => string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.local)) {
    env[name] = value.replace(/\{url:([a-z-]+)\}/g, (_, target: string) => urlOf(target === 'self' ? entry.name : target));
  }
  return env;
}
