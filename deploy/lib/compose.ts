/** docker-compose.yml: the whole platform on one machine, with its observability stack. */
import {
  backends, configValue, upstreamsOf, withDatabase, type Overrides, type ServiceSpec,
} from './services.js';

export const IMAGES = {
  postgres: 'postgres:15.10-bookworm',
  nats: 'nats:2.11.4-alpine',
  collector: 'otel/opentelemetry-collector-contrib:0.114.0',
  jaeger: 'jaegertracing/all-in-one:1.63.0',
  prometheus: 'prom/prometheus:v2.55.1',
  grafana: 'grafana/grafana:11.3.1',
};

/** The gateway's fixed address on the compose network: identity trusts X-Forwarded-For from it only. */
export const GATEWAY_IP = '172.30.0.10';
const SUBNET = '172.30.0.0/24';
const PREFIX = 'JOO_'; // variables read from the .env file beside docker-compose.yml

/** `.env` variable that holds a service's secret, e.g. JOO_IDENTITY_PII_HMAC_KEY. */
export const composeSecretName = (service: string, key: string) => `${PREFIX}${service.toUpperCase()}_${key}`;

const build = { context: '.', dockerfile: 'deploy/Dockerfile' };
const image = 'joo-platform:local';
const readyCheck = (port: number) => ({
  test: ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${port}/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`],
  interval: '5s', timeout: '3s', retries: 20, start_period: '5s',
});

function environment(s: ServiceSpec, all: ServiceSpec[], overrides: Overrides): Record<string, string> {
  const env: Record<string, string> = { SERVICE: s.name };
  const platform: Record<string, string> = {
    HOST: '0.0.0.0', PORT: String(s.port), METRICS_PORT: String(s.metricsPort), LOG_LEVEL: 'info', NATS_URL: 'nats://nats:4222', BUS_PREFIX: '',
    NATS_STREAM_REPLICAS: '1', JWKS_URL: 'http://identity:3001/.well-known/jwks.json',
    JWT_ISSUER: 'joo-identity', JWT_AUDIENCE: 'joo-platform', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
  };
  for (const v of s.env) {
    if (v.kind === 'platform') env[v.key] = platform[v.key]!;
    else if (v.kind === 'database') env[v.key] = `postgres://joo:\${${PREFIX}POSTGRES_PASSWORD:?set it in .env}@postgres:5432/${s.database}`;
    // The gateway is the edge on one machine; the services believe only the gateway.
    else if (v.kind === 'proxy') env[v.key] = s.name === 'gateway' ? '' : GATEWAY_IP;
    // Empty when unset: which secrets a service needs can depend on its settings (billing's
    // providers); its config check refuses to start without one it needs, naming it.
    else if (v.kind === 'secret') env[v.key] = `\${${composeSecretName(s.name, v.key)}:-}`;
    else if (v.kind === 'config') {
      env[v.key] = s.name === 'gateway' && v.key === 'UPSTREAMS'
        ? upstreamsOf(all, (u) => u.name)
        : configValue(s, v, 'compose', overrides);
    }
  }
  return env;
}

export function composeFile(services: ServiceSpec[], overrides: Overrides): Record<string, unknown> {
  const dbs = withDatabase(services);
  const out: Record<string, unknown> = {
    postgres: {
      image: IMAGES.postgres,
      environment: {
        POSTGRES_USER: 'joo',
        POSTGRES_PASSWORD: `\${${PREFIX}POSTGRES_PASSWORD:?set it in .env}`,
        POSTGRES_DB: 'postgres',
        JOO_DATABASES: dbs.map((s) => s.database).join(' '),
      },
      volumes: ['postgres-data:/var/lib/postgresql/data', './deploy/postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-databases.sh:ro'],
      healthcheck: { test: ['CMD-SHELL', 'pg_isready -U joo -d postgres'], interval: '5s', timeout: '3s', retries: 20 },
      networks: ['joo'],
    },
    nats: {
      image: IMAGES.nats,
      command: ['--config', '/etc/nats/nats.conf'],
      volumes: ['./deploy/nats/nats.conf:/etc/nats/nats.conf:ro', 'nats-data:/data'],
      healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8222/healthz?js-enabled-only=true'], interval: '5s', timeout: '3s', retries: 20 },
      networks: ['joo'],
    },
  };
  for (const s of dbs) {
    out[`${s.name}-migrate`] = {
      image, build,
      command: ['migrate'],
      environment: { SERVICE: s.name, DATABASE_URL: `postgres://joo:\${${PREFIX}POSTGRES_PASSWORD:?set it in .env}@postgres:5432/${s.database}` },
      depends_on: { postgres: { condition: 'service_healthy' } },
      networks: ['joo'],
    };
  }
  for (const s of backends(services)) {
    out[s.name] = {
      image, build,
      command: ['serve'],
      environment: environment(s, services, overrides),
      depends_on: {
        nats: { condition: 'service_healthy' },
        'otel-collector': { condition: 'service_started' },
        ...(s.database ? { [`${s.name}-migrate`]: { condition: 'service_completed_successfully' } } : {}),
        ...(s.name !== 'identity' ? { identity: { condition: 'service_healthy' } } : {}),
      },
      healthcheck: readyCheck(s.port),
      read_only: true,
      tmpfs: ['/tmp'],
      cap_drop: ['ALL'],
      security_opt: ['no-new-privileges:true'],
      restart: 'unless-stopped',
      networks: ['joo'],
    };
  }
  const gateway = services.find((s) => s.name === 'gateway');
  if (gateway) {
    out.gateway = {
      image, build,
      command: ['serve'],
      environment: environment(gateway, services, overrides),
      ports: [`${gateway.port}:${gateway.port}`],
      depends_on: Object.fromEntries(backends(services).map((s) => [s.name, { condition: 'service_healthy' }])),
      healthcheck: readyCheck(gateway.port),
      read_only: true,
      tmpfs: ['/tmp'],
      cap_drop: ['ALL'],
      security_opt: ['no-new-privileges:true'],
      restart: 'unless-stopped',
      networks: { joo: { ipv4_address: GATEWAY_IP } },
    };
  }
  Object.assign(out, {
    'otel-collector': {
      image: IMAGES.collector,
      command: ['--config=/etc/otelcol/config.yaml'],
      environment: { TRACES_BACKEND_ENDPOINT: 'jaeger:4317' },
      volumes: ['./deploy/otel-collector.yaml:/etc/otelcol/config.yaml:ro'],
      depends_on: { jaeger: { condition: 'service_started' } },
      networks: ['joo'],
    },
    jaeger: {
      image: IMAGES.jaeger,
      environment: { COLLECTOR_OTLP_ENABLED: 'true' },
      ports: ['16686:16686'],
      networks: ['joo'],
    },
    prometheus: {
      image: IMAGES.prometheus,
      command: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.retention.time=15d'],
      volumes: ['./deploy/prometheus:/etc/prometheus:ro', 'prometheus-data:/prometheus'],
      ports: ['9090:9090'],
      networks: ['joo'],
    },
    grafana: {
      image: IMAGES.grafana,
      environment: {
        GF_SECURITY_ADMIN_PASSWORD: `\${${PREFIX}GRAFANA_ADMIN_PASSWORD:?set it in .env}`,
        GF_AUTH_ANONYMOUS_ENABLED: 'false',
      },
      volumes: [
        './deploy/grafana/provisioning:/etc/grafana/provisioning:ro',
        './deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro',
        'grafana-data:/var/lib/grafana',
      ],
      ports: ['3000:3000'],
      depends_on: { prometheus: { condition: 'service_started' } },
      networks: ['joo'],
    },
  });
  return {
    name: 'joo-platform',
    services: out,
    networks: { joo: { ipam: { config: [{ subnet: SUBNET }] } } },
    volumes: { 'postgres-data': {}, 'nats-data': {}, 'prometheus-data': {}, 'grafana-data': {} },
  };
}

/** deploy/compose.env.example: every secret docker-compose.yml reads from `.env`. */
export function composeEnvExample(services: ServiceSpec[]): string {
  const lines = [
    '# Copy to .env beside docker-compose.yml and fill in (never commit .env). Generated by deploy/generate.ts.',
    `${PREFIX}POSTGRES_PASSWORD=`,
    `${PREFIX}GRAFANA_ADMIN_PASSWORD=`,
  ];
  for (const s of services) {
    for (const v of s.env.filter((e) => e.kind === 'secret')) {
      lines.push('', `# ${s.name}: ${v.comment || v.key}`.trimEnd(), `${composeSecretName(s.name, v.key)}=`);
    }
  }
  return `${lines.join('\n')}\n`;
}
