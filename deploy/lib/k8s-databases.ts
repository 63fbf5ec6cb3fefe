/** The overlays' databases: the dev overlay's one PostgreSQL, the prod overlay's CloudNativePG clusters. */
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
  return withDatabase(services).map((s) => ({
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
  }));
}
