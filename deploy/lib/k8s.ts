/**
 * The Kubernetes objects that depend on deploy/services.json: per service a ConfigMap, Deployment,
 * Service, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy and (with a database) a
 * migration Job; the dev overlay's PostgreSQL; the prod overlay's CloudNativePG clusters. The
 * fixed parts (NATS, collector, ingress, shared policies) are hand-written in k8s/.
 */
import { backends, configValue, upstreamsOf, withDatabase, type Overrides, type ServiceSpec } from './services.js';

type Obj = Record<string, unknown>;

export const NAMESPACE = 'joo';
export const IMAGE = 'joo-platform';
export const PLATFORM_CONFIG = 'joo-platform';
export const TIER = 'joo.kz/tier';
export const dbLabel = (service: string) => `joo.kz/db-${service}`;
export const dbSecret = (service: string) => `${service}-db-app`;
export const serviceSecrets = (service: string) => `${service}-secrets`;
export const configName = (service: string) => `${service}-config`;

const labels = (name: string, tier: string) => ({
  'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'joo-platform', [TIER]: tier,
});

const containerSecurity = {
  runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
};
const podSecurity = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } };

/** Every env entry of a service's container; values live in ConfigMaps and Secrets only. */
function env(s: ServiceSpec): Obj[] {
  const out: Obj[] = [{ name: 'SERVICE', value: s.name }];
  for (const v of s.env) {
    if (v.kind === 'file') continue;
    if (v.key === 'HOST') out.push({ name: 'HOST', value: '0.0.0.0' });
    else if (v.key === 'PORT') out.push({ name: 'PORT', value: String(s.port) });
    else if (v.kind === 'platform' || v.kind === 'proxy') out.push({ name: v.key, valueFrom: { configMapKeyRef: { name: PLATFORM_CONFIG, key: v.key } } });
    else if (v.kind === 'database') out.push({ name: v.key, valueFrom: { secretKeyRef: { name: dbSecret(s.name), key: 'uri' } } });
    // optional: which secrets a service needs can depend on its settings (billing's enabled
    // providers); its config check refuses to start without one it needs, naming it.
    else if (v.kind === 'secret') out.push({ name: v.key, valueFrom: { secretKeyRef: { name: serviceSecrets(s.name), key: v.key, optional: true } } });
    else out.push({ name: v.key, valueFrom: { configMapKeyRef: { name: configName(s.name), key: v.key } } });
  }
  return out;
}

function configMap(s: ServiceSpec, all: ServiceSpec[], overrides: Overrides): Obj {
  const data: Record<string, string> = {};
  for (const v of s.env.filter((e) => e.kind === 'config')) {
    data[v.key] = s.name === 'gateway' && v.key === 'UPSTREAMS'
      ? upstreamsOf(all, (u) => `${u.name}.${NAMESPACE}.svc.cluster.local`)
      : configValue(s, v, 'k8s', overrides);
  }
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: configName(s.name), labels: labels(s.name, 'app') }, data };
}

function deployment(s: ServiceSpec): Obj {
  const probe = (path: string, extra: Obj) => ({ httpGet: { path, port: 'http' }, timeoutSeconds: 3, ...extra });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name, labels: labels(s.name, 'app') },
    spec: {
      // No replicas: the HorizontalPodAutoscaler owns the count.
      revisionHistoryLimit: 5,
      selector: { matchLabels: { 'app.kubernetes.io/name': s.name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(s.name, 'app') },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          // SIGTERM drains HTTP, stops consumers and the relay, flushes spans: well within 30 s.
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: [{
            maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { 'app.kubernetes.io/name': s.name } },
          }],
          containers: [{
            name: s.name,
            image: IMAGE,
            args: ['serve'],
            ports: [{ name: 'http', containerPort: s.port, protocol: 'TCP' }],
            env: env(s),
            startupProbe: probe('/health/live', { periodSeconds: 2, failureThreshold: 30 }),
            readinessProbe: probe('/health/ready', { periodSeconds: 5, failureThreshold: 3 }),
            livenessProbe: probe('/health/live', { periodSeconds: 10, failureThreshold: 3 }),
            // The endpoint is removed from the Service while the pod still answers.
            lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
            resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
            securityContext: containerSecurity,
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

const service = (s: ServiceSpec): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: s.name, labels: labels(s.name, 'app') },
  spec: { selector: { 'app.kubernetes.io/name': s.name }, ports: [{ name: 'http', port: s.port, targetPort: 'http', protocol: 'TCP' }] },
});

const hpa = (s: ServiceSpec): Obj => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: s.name, labels: labels(s.name, 'app') },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: s.name },
    minReplicas: 2,
    maxReplicas: 6,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
  },
});

const pdb = (s: ServiceSpec): Obj => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: s.name, labels: labels(s.name, 'app') },
  spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': s.name } } },
});

function migrationJob(s: ServiceSpec): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${s.name}-migrate`,
      labels: labels(`${s.name}-migrate`, 'migrate'),
      // A Job is immutable: Argo CD recreates it before each sync (kubectl users: delete it first).
      annotations: { 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' },
    },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels: { ...labels(`${s.name}-migrate`, 'migrate'), 'joo.kz/migrates': s.name } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          containers: [{
            name: 'migrate',
            image: IMAGE,
            args: ['migrate'],
            env: [
              { name: 'SERVICE', value: s.name },
              { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: dbSecret(s.name), key: 'uri' } } },
            ],
            resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            securityContext: containerSecurity,
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '16Mi' } }],
        },
      },
    },
  };
}

const podsNamed = (name: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': name } } });
const tcp = (port: number | string) => ({ protocol: 'TCP', port });

/** Outside the cluster on HTTPS, never into private ranges (other pods, nodes, the cloud's metadata). */
export const PUBLIC_HTTPS = {
  to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'] } }],
  ports: [tcp(443)],
};

/**
 * What a service may reach: its own database, NATS, the collector, identity's JWKS (DNS comes
 * from the shared policy), and public HTTPS only if deploy/egress.json names it. What may reach
 * it: the gateway and Prometheus (identity: also every service, for the JWKS; a port-level policy
 * cannot narrow that to one path).
 */
function networkPolicy(s: ServiceSpec, all: ServiceSpec[], egressTo: Record<string, string>): Obj {
  const isGateway = s.name === 'gateway';
  const ingress: Obj[] = [
    { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [tcp('http')] },
  ];
  if (isGateway) {
    ingress.push({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [tcp('http')] });
  } else {
    ingress.push({ from: [podsNamed('gateway')], ports: [tcp('http')] });
  }
  if (s.name === 'identity') ingress.push({ from: [{ podSelector: { matchLabels: { [TIER]: 'app' } } }], ports: [tcp('http')] });

  const egress: Obj[] = [
    { to: [podsNamed('nats')], ports: [tcp(4222)] },
    { to: [podsNamed('otel-collector')], ports: [tcp(4318)] },
  ];
  if (s.database) egress.push({ to: [{ podSelector: { matchLabels: { [dbLabel(s.name)]: 'true' } } }], ports: [tcp(5432)] });
  if (egressTo[s.name]) egress.push(PUBLIC_HTTPS);
  if (isGateway) {
    for (const b of backends(all)) egress.push({ to: [podsNamed(b.name)], ports: [tcp(b.port)] });
  } else if (s.name !== 'identity') {
    const identity = all.find((x) => x.name === 'identity');
    egress.push({ to: [podsNamed('identity')], ports: [tcp(identity?.port ?? 3001)] });
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: s.name, labels: labels(s.name, 'app') },
    spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': s.name } }, policyTypes: ['Ingress', 'Egress'], ingress, egress },
  };
}

/** The migration Job's pod reaches its database only. */
const migrationPolicy = (s: ServiceSpec): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: `${s.name}-migrate`, labels: labels(`${s.name}-migrate`, 'migrate') },
  spec: {
    podSelector: { matchLabels: { 'joo.kz/migrates': s.name } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [],
    egress: [{ to: [{ podSelector: { matchLabels: { [dbLabel(s.name)]: 'true' } } }], ports: [tcp(5432)] }],
  },
});

/**
 * `egressTo` (deploy/egress.json): the services that call providers outside the cluster, and why.
 */
export function serviceObjects(s: ServiceSpec, all: ServiceSpec[], overrides: Overrides, egressTo: Record<string, string> = {}): Obj[] {
  const objects = [configMap(s, all, overrides), deployment(s), service(s), hpa(s), pdb(s), networkPolicy(s, all, egressTo)];
  if (s.database) objects.push(migrationJob(s), migrationPolicy(s));
  return objects;
}

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

export const kustomizationHeader = '# Generated by deploy/generate.ts from deploy/services.json: edit the generator, then run `pnpm exec tsx deploy/generate.ts`.\n';
