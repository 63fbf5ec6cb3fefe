/** Schema validation of rendered objects with kubernetes-models (and the Prometheus operator's CRDs). */
import { Namespace, ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import type { K8sObject } from './kustomize.js';

type Model = new (data: never) => { validate(): void };

const MODELS: Record<string, Model> = {
  'v1/Namespace': Namespace, 'v1/ConfigMap': ConfigMap, 'v1/Secret': Secret, 'v1/Service': Service,
  'apps/v1/Deployment': Deployment, 'apps/v1/StatefulSet': StatefulSet, 'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler, 'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress, 'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor, 'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

/**
 * The CloudNativePG `Cluster` (no published model): the fields we rely on, with their types.
 * Returns the problems found.
 */
function cnpgProblems(o: K8sObject): string[] {
  const spec = o.spec as Record<string, any> | undefined;
  const problems: string[] = [];
  if (!spec) return ['no spec'];
  if (!Number.isInteger(spec.instances) || spec.instances < 1) problems.push('spec.instances must be a positive integer');
  if (typeof spec.imageName !== 'string' || !/:\d+(\.\d+)?/.test(spec.imageName)) problems.push('spec.imageName must be a pinned image');
  if (typeof spec.bootstrap?.initdb?.database !== 'string' || typeof spec.bootstrap?.initdb?.owner !== 'string') problems.push('spec.bootstrap.initdb.database and owner');
  if (!/^\d+(Gi|Mi|Ti)$/.test(String(spec.storage?.size))) problems.push('spec.storage.size must be a quantity');
  if (spec.minSyncReplicas !== undefined && !(spec.minSyncReplicas <= spec.maxSyncReplicas && spec.maxSyncReplicas < spec.instances)) {
    problems.push('sync replicas must satisfy min <= max < instances');
  }
  const labels = spec.inheritedMetadata?.labels;
  if (labels && Object.values(labels).some((v) => typeof v !== 'string')) problems.push('spec.inheritedMetadata.labels values must be strings');
  const store = spec.backup?.barmanObjectStore;
  if (store && (typeof store.destinationPath !== 'string' || !store.s3Credentials?.accessKeyId?.name)) problems.push('spec.backup.barmanObjectStore');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.metadata.name)) problems.push('metadata.name must be a DNS label');
  return problems;
}

/** The CloudNativePG `Pooler` (no published model either): the fields we rely on. */
function poolerProblems(o: K8sObject): string[] {
  const spec = o.spec as Record<string, any> | undefined;
  if (!spec) return ['no spec'];
  const problems: string[] = [];
  if (typeof spec.cluster?.name !== 'string') problems.push('spec.cluster.name');
  if (!Number.isInteger(spec.instances) || spec.instances < 1) problems.push('spec.instances must be a positive integer');
  if (!['rw', 'ro'].includes(spec.type)) problems.push('spec.type must be rw or ro');
  if (!['session', 'transaction'].includes(spec.pgbouncer?.poolMode)) problems.push('spec.pgbouncer.poolMode must be session or transaction');
  if (Object.values(spec.pgbouncer?.parameters ?? {}).some((v) => typeof v !== 'string')) problems.push('spec.pgbouncer.parameters values must be strings');
  if (spec.template && !Array.isArray(spec.template.spec?.containers)) problems.push('spec.template.spec.containers must be a list');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.metadata.name)) problems.push('metadata.name must be a DNS label');
  return problems;
}

/** Problems of one object: unknown kind, schema errors, or the CNPG shape. */
export function validateObject(o: K8sObject): string[] {
  const id = `${o.apiVersion}/${o.kind}`;
  if (id === 'postgresql.cnpg.io/v1/Cluster') return cnpgProblems(o);
  if (id === 'postgresql.cnpg.io/v1/Pooler') return poolerProblems(o);
  const Model = MODELS[id];
  if (!Model) return [`no schema for ${id}: add it to tests/deploy/lib/validate.ts`];
  try {
    new Model(o as never).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
