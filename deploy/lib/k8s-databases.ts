/**
 * The overlays' databases: the dev overlay's one PostgreSQL; the prod overlay's CloudNativePG
 * cluster per service, each behind a PgBouncer Pooler in transaction mode, and each service's
 * Deployment pointed at them (docs/decisions/0009-pgbouncer-transaction-pooling.md).
 */
import { dbLabel, dbSecret, labels, type Obj } from './k8s-names.js';
import { withDatabase, type ServiceSpec } from './services.js';

/** Dev: one PostgreSQL server with a database per service, and each service's connection Secret. */
export function devPostgres(services: ServiceSpec[]): Obj[] {
  const dbs = withDatabase(services);
  const podLabels = { ...labels('postgres', 'data'), ...Object.fromEntries(dbs.map((s) => [dbLabel(s.name), 'true'])) };
  const init = ['#!/bin/sh', 'set -eu', ...dbs.map((s) => `psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -c 'CREATE DATABASE ${s.database}'`)].join('\n');
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'postgres-init', labels: labels('postgres', 'data') }, data: { '10-databases.sh': `${init}\n` } },
    {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'postgres-dev', labels: labels('postgres', 'data') },
      type: 'Opaque', stringData: { POSTGRES_PASSWORD: 'joo-dev-only' },
    },
    ...dbs.map((s) => ({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: dbSecret(s.name), labels: labels('postgres', 'data') },
      type: 'Opaque', stringData: { uri: `postgresql://joo:joo-dev-only@postgres:5432/${s.database}` },
    })),
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'postgres', labels: labels('postgres', 'data') },
      spec: { selector: { 'app.kubernetes.io/name': 'postgres' }, ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }] },
    },
    {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'postgres', labels: labels('postgres', 'data') },
      spec: {
        serviceName: 'postgres', replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'postgres' } },
        template: {
          metadata: { labels: podLabels },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'postgres', image: 'postgres:15.10-bookworm',
              env: [
                { name: 'POSTGRES_USER', value: 'joo' },
                { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-dev', key: 'POSTGRES_PASSWORD' } } },
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
              ],
              ports: [{ name: 'postgres', containerPort: 5432 }],
              readinessProbe: { exec: { command: ['pg_isready', '-U', 'joo', '-d', 'postgres'] }, periodSeconds: 5 },
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'data', mountPath: '/var/lib/postgresql/data' },
                { name: 'init', mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
                { name: 'run', mountPath: '/var/run/postgresql' },
              ],
            }],
            volumes: [{ name: 'init', configMap: { name: 'postgres-init' } }, { name: 'run', emptyDir: {} }],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } }],
      },
    },
  ];
}

/**
 * Prod: a CloudNativePG cluster per service (three instances, synchronous replica, backups to
 * object storage in Kazakhstan), on nodes labelled as being in Kazakhstan. CloudNativePG writes
 * `<service>-db-app` with the `uri` the Deployment reads.
 */
export function prodDatabases(services: ServiceSpec[]): Obj[] {
  return withDatabase(services).flatMap((s) => [cluster(s), pooler(s)]);
}

function cluster(s: ServiceSpec & { database: string }): Obj {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: `${s.name}-db`, labels: labels(`${s.name}-db`, 'data') },
    spec: {
      instances: 3,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:16.6',
      minSyncReplicas: 1,
      maxSyncReplicas: 1,
      inheritedMetadata: { labels: { [dbLabel(s.name)]: 'true' } },
      bootstrap: { initdb: { database: s.database, owner: s.database } },
      storage: { size: '20Gi' },
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '2Gi' } },
      affinity: { nodeSelector: { 'joo.kz/data-residency': 'KZ' }, enablePodAntiAffinity: true, topologyKey: 'kubernetes.io/hostname' },
      monitoring: { enablePodMonitor: true },
      backup: {
        retentionPolicy: '30d',
        barmanObjectStore: {
          destinationPath: `s3://joo-backups-kz/${s.name}`,
          endpointURL: 'https://object-storage.kz.joo.internal',
          s3Credentials: {
            accessKeyId: { name: 'backup-object-store', key: 'ACCESS_KEY_ID' },
            secretAccessKey: { name: 'backup-object-store', key: 'SECRET_ACCESS_KEY' },
          },
        },
      },
    },
  };
}

/** The Service of `service`'s pooler (CloudNativePG names it after the Pooler). */
export const poolerName = (service: string) => `${service}-db-pooler-rw`;

const KZ_NODES = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'joo.kz/data-residency', operator: 'In', values: ['KZ'] }] }],
    },
  },
};

/**
 * PgBouncer in transaction mode in front of the cluster's primary: each replica of a service keeps
 * its own pool of clients, and PgBouncer multiplexes them onto a few server sessions, so the
 * server's connections do not grow with the replicas the HPA adds. Two instances on different
 * nodes in Kazakhstan; its pods carry the database label the service's network policy allows.
 */
function pooler(s: ServiceSpec & { database: string }): Obj {
  const name = poolerName(s.name);
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Pooler',
    metadata: { name, labels: labels(name, 'data') },
    spec: {
      cluster: { name: `${s.name}-db` },
      instances: 2,
      type: 'rw',
      pgbouncer: { poolMode: 'transaction', parameters: { max_client_conn: '1000', default_pool_size: '20' } },
      template: {
        metadata: { labels: { [dbLabel(s.name)]: 'true' } },
        spec: {
          containers: [],
          affinity: {
            ...KZ_NODES,
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{
                weight: 100,
                podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'cnpg.io/poolerName': name } } },
              }],
            },
          },
        },
      },
    },
  };
}

/**
 * The patch of a service's Deployment in prod: DATABASE_URL through its pooler, DATABASE_DIRECT_URL
 * (from the base: CloudNativePG's `uri`) straight to the cluster's primary for the relay's session.
 * CloudNativePG writes no pooler URI, so the URL names the owner without a password and node-postgres
 * reads it from PGPASSWORD (the `password` of the same Secret), as libpq does.
 */
export function prodDatabaseUrlPatch(s: ServiceSpec & { database: string }): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name },
    spec: {
      template: {
        spec: {
          containers: [{
            name: s.name,
            env: [
              { name: 'DATABASE_URL', value: `postgresql://${s.database}@${poolerName(s.name)}:5432/${s.database}`, valueFrom: null },
              { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: dbSecret(s.name), key: 'password' } } },
            ],
          }],
        },
      },
    },
  };
}

/** Where the prod overlay's generated database objects live: a kustomization of the base with them. */
export const PROD_DATABASES_DIR = 'k8s/overlays/prod/databases';

/** The prod overlay's generated part: path (under PROD_DATABASES_DIR) → its objects. */
export function prodDatabaseFiles(services: ServiceSpec[]): Map<string, Obj[]> {
  const dbs = withDatabase(services);
  const files = new Map<string, Obj[]>();
  files.set('databases.yaml', prodDatabases(services));
  for (const s of dbs) files.set(`${s.name}-urls.yaml`, [prodDatabaseUrlPatch(s)]);
  return files;
}

/** The kustomization of the base with the clusters, the poolers and each service pointed at them. */
export function prodDatabasesKustomization(services: ServiceSpec[]): Obj {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['../../../base', 'databases.yaml'],
    patches: withDatabase(services).map((s) => ({ path: `${s.name}-urls.yaml` })),
  };
}
