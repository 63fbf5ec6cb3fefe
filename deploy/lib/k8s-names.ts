/** Names and labels the generated Kubernetes objects share (k8s.ts, k8s-network.ts, k8s-databases.ts). */
export type Obj = Record<string, unknown>;

export const NAMESPACE = 'joo';
export const IMAGE = 'joo-platform';
export const PLATFORM_CONFIG = 'joo-platform';
export const TIER = 'joo.kz/tier';
export const dbLabel = (service: string) => `joo.kz/db-${service}`;
export const dbSecret = (service: string) => `${service}-db-app`;
export const serviceSecrets = (service: string) => `${service}-secrets`;
export const configName = (service: string) => `${service}-config`;

export const labels = (name: string, tier: string) => ({
  'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'joo-platform', [TIER]: tier,
});
