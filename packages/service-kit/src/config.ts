import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { Value } from 'typebox/value';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The variables every service reads (docs/CONVENTIONS.md). */
export const BaseConfigProperties = {
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** `/metrics` for Prometheus, on HOST; unset: PORT + 1000 (deploy/services.json derives the same). */
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  NATS_URL: Type.String({ default: 'nats://127.0.0.1:4222' }),
  BUS_PREFIX: Type.String({ default: '', pattern: '^([a-z0-9]+\\.)?$' }),
  /** Copies of each JetStream stream: 3 in production (docs/ARCHITECTURE.md §3.8), 1 on a laptop. */
  NATS_STREAM_REPLICAS: Type.Integer({ minimum: 1, maximum: 5, default: 1 }),
  JWKS_URL: Type.String({ default: 'http://127.0.0.1:3001/.well-known/jwks.json', format: 'uri' }),
  JWT_ISSUER: Type.String({ default: 'joo-identity' }),
  JWT_AUDIENCE: Type.String({ default: 'joo-platform' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String()),
};

const PostgresUrl = () => Type.String({ pattern: '^postgres(ql)?://' });

/** The variables every service with a database reads (docs/CONVENTIONS.md). */
export const DatabaseConfigProperties = {
  /** Every query and transaction; may go through a transaction pooler (PgBouncer). */
  DATABASE_URL: PostgresUrl(),
  /**
   * A direct PostgreSQL URL for the work that needs one server session (the outbox relay's advisory
   * lock and LISTEN), for when DATABASE_URL goes through a transaction pooler; default DATABASE_URL.
   */
  DATABASE_DIRECT_URL: Type.Optional(PostgresUrl()),
};

/**
 * Reads and validates configuration from the environment against a TypeBox object schema.
 * Strings are converted to the declared types, defaults filled; every problem is reported at
 * once, naming the variable, so a bad deploy fails fast with a readable message.
 */
export function loadConfig<P extends TProperties>(
  schema: TObject<P>,
  env: Record<string, string | undefined> = process.env,
): Static<TObject<P>> {
  const known = Object.keys(schema.properties);
  const picked: Record<string, unknown> = {};
  for (const key of known) if (env[key] !== undefined && env[key] !== '') picked[key] = env[key];
  const withDefaults = Value.Default(schema, picked);
  const converted = Value.Convert(schema, withDefaults) as Record<string, unknown>;
  // Convert is lenient ("true" → 1, "3000.5" → 3000): an integer must be written as one.
  for (const key of known) {
    const raw = env[key];
    const property = schema.properties[key] as { type?: string } | undefined;
    if (property?.type === 'integer' && typeof raw === 'string' && !/^-?\d+$/.test(raw.trim())) converted[key] = raw;
  }
  if (Value.Check(schema, converted)) return converted as Static<TObject<P>>;
  const problems = [...Value.Errors(schema, converted)].map((e) => {
    const name = e.instancePath.replace(/^\//, '') || (e.params as { requiredProperties?: string[] }).requiredProperties?.join(', ') || '(root)';
    return `${name}: ${e.message}`;
  });
  throw new ConfigError([...new Set(problems)]);
}

/** For entry points: run a config loader, or print why the config is bad and exit 1. */
export function configOrExit<T>(service: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** For main.ts: load the config or print why not and exit 1. */
export function loadConfigOrExit<P extends TProperties>(schema: TObject<P>, service: string): Static<TObject<P>> {
  return configOrExit(service, () => loadConfig(schema));
}
