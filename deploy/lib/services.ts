/**
 * What the deployment files are generated from: deploy/services.json (which services exist, their
 * ports and databases) and each service's `.env.example` (every variable its config schema reads).
 * A service added to services.json with a complete .env.example needs nothing else here, unless a
 * value of its example points at a laptop (127.0.0.1): then deploy/env-overrides.json says what it
 * is in Compose and Kubernetes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readServiceList, type ServiceEntry } from '@joo/service-list';

/** Where a variable's value comes from in a deployment. */
export type EnvKind =
  | 'platform' // the same wiring for every service (bus, tokens, telemetry, listen address)
  | 'database' // DATABASE_URL, DATABASE_DIRECT_URL: a secret (CloudNativePG writes it in production)
  | 'secret' // keys, passwords, tokens: from a Secret, never in a ConfigMap or in git
  | 'file' // *_FILE alternatives to an inline secret: not used in containers
  | 'proxy' // TRUST_PROXY: who may set X-Forwarded-For (the gateway; before it, the ingress)
  | 'config'; // plain settings: the example's value unless overridden

export interface EnvVar { key: string; example: string; comment: string; kind: EnvKind }

export interface ServiceSpec extends ServiceEntry { env: EnvVar[] }

export type Target = 'compose' | 'k8s';
export type Overrides = Record<string, Partial<Record<Target, Record<string, string>>>>;

export const PLATFORM_KEYS = [
  'HOST', 'PORT', 'METRICS_PORT', 'LOG_LEVEL', 'NATS_URL', 'BUS_PREFIX', 'NATS_STREAM_REPLICAS',
  'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'OTEL_EXPORTER_OTLP_ENDPOINT',
] as const;

/** Variables the container sets beside the service's own (the entrypoint reads SERVICE). */
export const CONTAINER_KEYS = ['SERVICE'] as const;

const SECRET = /(^|_)(KEY|SECRET|PASSWORD|TOKEN|AUTH_TOKEN|API_KEY|CREDENTIALS)$/;

export function classify(key: string): EnvKind {
  if ((PLATFORM_KEYS as readonly string[]).includes(key)) return 'platform';
  if (key === 'DATABASE_URL' || key === 'DATABASE_DIRECT_URL') return 'database';
  if (key === 'TRUST_PROXY') return 'proxy';
  if (key.endsWith('_FILE')) return 'file';
  if (SECRET.test(key)) return 'secret';
  return 'config';
}

/** The variables of a `.env.example`, in order, each with the comment lines just above it. */
export function parseEnvExample(text: string, secrets: readonly string[] = []): EnvVar[] {
  const vars: EnvVar[] = [];
  let comment: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) { comment = []; continue; }
    if (line.startsWith('#')) { comment.push(line.replace(/^#\s?/, '')); continue; }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not KEY=value: "${line}"`);
    const key = line.slice(0, eq);
    const kind = secrets.includes(key) && classify(key) === 'config' ? 'secret' : classify(key);
    vars.push({ key, example: line.slice(eq + 1), comment: comment.join(' '), kind });
    comment = [];
  }
  return vars;
}

export function readServices(root: string): ServiceSpec[] {
  return readServiceList(root).map((e) => ({
    ...e,
    env: parseEnvExample(readFileSync(join(root, 'services', e.name, '.env.example'), 'utf8'), e.secrets),
  }));
}

export function readOverrides(root: string): Overrides {
  return JSON.parse(readFileSync(join(root, 'deploy/env-overrides.json'), 'utf8')) as Overrides;
}

const LOCAL = /127\.0\.0\.1|localhost|\bloopback\b|\.data\//;

/**
 * The value of a `config` variable in a target: the override, else the example's value. An
 * example value that only makes sense on a laptop must be overridden, so a new service cannot
 * ship pointing at 127.0.0.1.
 */
export function configValue(service: ServiceSpec, v: EnvVar, target: Target, overrides: Overrides): string {
  const given = overrides[service.name]?.[target]?.[v.key];
  if (given !== undefined) return given;
  if (LOCAL.test(v.example)) {
    throw new Error(`${service.name}: ${v.key}=${v.example} points at a laptop; give its ${target} value in deploy/env-overrides.json`);
  }
  return v.example;
}

export const upstreamsOf = (services: ServiceSpec[], host: (s: ServiceSpec) => string) =>
  services.filter((s) => s.name !== 'gateway').map((s) => `${s.name}=http://${host(s)}:${s.port}`).join(',');

export const backends = (services: ServiceSpec[]) => services.filter((s) => s.name !== 'gateway');
export const withDatabase = (services: ServiceSpec[]) => services.filter((s): s is ServiceSpec & { database: string } => !!s.database);
