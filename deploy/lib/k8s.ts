/**
 * The Kubernetes objects that depend on deploy/services.json: per service a ConfigMap, Deployment,
 * Service, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy (k8s-network.ts) and (with
 * a database) a migration Job; the overlays' databases are in k8s-databases.ts. The fixed parts
 * (NATS, collector, ingress, shared policies) are hand-written in k8s/.
 */
import { configName, dbSecret, IMAGE, labels, NAMESPACE, PLATFORM_CONFIG, serviceSecrets, type Obj } from './k8s-names.js';
import { migrationPolicy, networkPolicy } from './k8s-network.js';
import { configValue, upstreamsOf, type Overrides, type ServiceSpec } from './services.js';

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
    else if (v.key === 'METRICS_PORT') out.push({ name: 'METRICS_PORT', value: String(s.metricsPort) });
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
            ports: [{ name: 'http', containerPort: s.port, protocol: 'TCP' }, { name: 'metrics', containerPort: s.metricsPort, protocol: 'TCP' }],
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
  // `metrics` is for the ServiceMonitor only: the NetworkPolicy lets nothing but Prometheus reach it.
  spec: {
    selector: { 'app.kubernetes.io/name': s.name },
    ports: [{ name: 'http', port: s.port, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: s.metricsPort, targetPort: 'metrics', protocol: 'TCP' }],
  },
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


/**
 * `egressTo` (deploy/egress.json): the services that call providers outside the cluster, and why.
 */
export function serviceObjects(s: ServiceSpec, all: ServiceSpec[], overrides: Overrides, egressTo: Record<string, string> = {}): Obj[] {
  const objects = [configMap(s, all, overrides), deployment(s), service(s), hpa(s), pdb(s), networkPolicy(s, all, egressTo)];
  if (s.database) objects.push(migrationJob(s), migrationPolicy(s));
  return objects;
}

export const kustomizationHeader = '# Generated by deploy/generate.ts from deploy/services.json: edit the generator, then run `pnpm exec tsx deploy/generate.ts`.\n';
