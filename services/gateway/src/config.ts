import { Type, type Static } from 'typebox';
import { BaseConfigProperties, ConfigError, configOrExit, loadConfig, metricsPortFor } from '@joo/service-kit';

/** One service behind the gateway: `/v1/<name>/…` goes to `url` with the same path. */
export interface Upstream {
  name: string;
  /** Origin only (`http://127.0.0.1:3002`), no trailing slash. */
  url: string;
}

export const ConfigSchema = Type.Object({
  ...BaseConfigProperties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  /** `identity=http://127.0.0.1:3001,catalog=http://127.0.0.1:3002` */
  UPSTREAMS: Type.String({ default: 'identity=http://127.0.0.1:3001' }),
  /** Comma list of origins; a port may be `*` (`http://localhost:*`); `*` alone allows any origin. */
  CORS_ORIGINS: Type.String({ default: 'http://localhost:*,http://127.0.0.1:*' }),
  RATE_LIMIT_IP_PER_MINUTE: Type.Integer({ minimum: 1, default: 600 }),
  RATE_LIMIT_USER_PER_MINUTE: Type.Integer({ minimum: 1, default: 300 }),
  /** An upstream that sends no headers (or goes quiet mid-body) this long gets a 504. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 30_000 }),
  /** How long the merged OpenAPI document is reused before the upstreams are asked again. */
  DOCS_CACHE_SECONDS: Type.Integer({ minimum: 0, default: 10 }),
  /** Revocations replayed at start: longer than an access token lives (10 minutes). */
  REVOCATION_LOOKBACK_MINUTES: Type.Integer({ minimum: 11, default: 15 }),
  /**
   * Proxies in front of the gateway whose X-Forwarded-For is believed: empty (none, the gateway
   * is the edge), `true`, or a comma list of addresses / CIDRs.
   */
  TRUST_PROXY: Type.String({ default: '' }),
});

export type RawConfig = Static<typeof ConfigSchema>;

export interface GatewayConfig {
  host: string;
  port: number;
  metricsPort: number;
  logLevel: string;
  natsUrl: string;
  busPrefix: string;
  streamReplicas: number;
  jwksUrl: string;
  issuer: string;
  audience: string;
  otelEndpoint: string | undefined;
  upstreams: Upstream[];
  corsOrigins: string[];
  rateLimits: { ipPerMinute: number; userPerMinute: number };
  upstreamTimeoutMs: number;
  docsCacheMs: number;
  revocationLookbackMs: number;
  trustProxy: boolean | string;
}

const NAME = /^[a-z]+$/;

/** Parses `name=url,…`; every problem names the variable and the entry. */
export function parseUpstreams(value: string): Upstream[] {
  const problems: string[] = [];
  const upstreams: Upstream[] = [];
  const entries = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) problems.push('UPSTREAMS: name at least one service: name=http://host:port');
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq).trim();
    const raw = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (!NAME.test(name)) {
      problems.push(`UPSTREAMS: "${entry}": the service name must be lowercase letters (name=url)`);
      continue;
    }
    if (upstreams.some((u) => u.name === name)) {
      problems.push(`UPSTREAMS: "${name}" is listed twice`);
      continue;
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      problems.push(`UPSTREAMS: "${entry}": "${raw}" is not a URL`);
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`UPSTREAMS: "${entry}": only http and https are supported`);
    } else if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      problems.push(`UPSTREAMS: "${entry}": give the origin only (scheme, host, port), no path, query or credentials`);
    } else {
      upstreams.push({ name, url: url.origin });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return upstreams;
}

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:(\d{1,5}|\*))?$/i;

export function parseCorsOrigins(value: string): string[] {
  const origins = value.split(',').map((o) => o.trim()).filter((o) => o !== '');
  const bad = origins.filter((o) => o !== '*' && !ORIGIN.test(o));
  if (bad.length > 0) {
    throw new ConfigError(bad.map((o) => `CORS_ORIGINS: "${o}" is not an origin (scheme://host[:port|:*]) or *`));
  }
  return origins;
}

function parseTrustProxy(value: string): boolean | string {
  const v = value.trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  return v;
}

/** Reads and validates the gateway's environment; throws ConfigError listing every problem. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const raw = loadConfig(ConfigSchema, env);
  const problems: string[] = [];
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
      return fallback;
    }
  };
  const upstreams = attempt(() => parseUpstreams(raw.UPSTREAMS), []);
  const corsOrigins = attempt(() => parseCorsOrigins(raw.CORS_ORIGINS), []);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host: raw.HOST,
    port: raw.PORT,
    metricsPort: metricsPortFor(raw.PORT, raw.METRICS_PORT),
    logLevel: raw.LOG_LEVEL,
    natsUrl: raw.NATS_URL,
    busPrefix: raw.BUS_PREFIX,
    streamReplicas: raw.NATS_STREAM_REPLICAS,
    jwksUrl: raw.JWKS_URL,
    issuer: raw.JWT_ISSUER,
    audience: raw.JWT_AUDIENCE,
    otelEndpoint: raw.OTEL_EXPORTER_OTLP_ENDPOINT,
    upstreams,
    corsOrigins,
    rateLimits: { ipPerMinute: raw.RATE_LIMIT_IP_PER_MINUTE, userPerMinute: raw.RATE_LIMIT_USER_PER_MINUTE },
    upstreamTimeoutMs: raw.UPSTREAM_TIMEOUT_MS,
    docsCacheMs: raw.DOCS_CACHE_SECONDS * 1000,
    revocationLookbackMs: raw.REVOCATION_LOOKBACK_MINUTES * 60_000,
    trustProxy: parseTrustProxy(raw.TRUST_PROXY),
  };
}

/** For main.ts: the config, or a message naming each bad variable and exit 1. */
export function loadGatewayConfigOrExit(): GatewayConfig {
  return configOrExit('gateway', loadGatewayConfig);
}
