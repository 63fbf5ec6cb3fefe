/**
 * The NetworkPolicies of each service and of its migration Job: who may reach a service, and what
 * it may reach.
 */
import { dbLabel, labels, TIER, type Obj } from './k8s-names.js';
import { backends, type ServiceSpec } from './services.js';

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
 * it: the gateway, and Prometheus on the metrics port only (identity: also every service, for the
 * JWKS; a port-level policy cannot narrow that to one path).
 */
export function networkPolicy(s: ServiceSpec, all: ServiceSpec[], egressTo: Record<string, string>): Obj {
  const isGateway = s.name === 'gateway';
  const ingress: Obj[] = [
    { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [tcp('metrics')] },
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
export const migrationPolicy = (s: ServiceSpec): Obj => ({
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
