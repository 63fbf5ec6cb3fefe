import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { PUBLIC_HTTPS } from '../../deploy/lib/k8s-network.js';
import { readServices } from '../../deploy/lib/services.js';
import { render, rootOf, strategicMerge, type K8sObject } from './lib/kustomize.js';
import { schemaKeys } from './lib/schema.js';
import { validateObject } from './lib/validate.js';

const ROOT = rootOf(import.meta.url);
const services = readServices(ROOT);
const egressTo = JSON.parse(readFileSync(join(ROOT, 'deploy/egress.json'), 'utf8')) as Record<string, string>;
const overlays = { dev: render(join(ROOT, 'k8s/overlays/dev')), prod: render(join(ROOT, 'k8s/overlays/prod')) };

const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const podSpec = (o: K8sObject): any => (o.spec as any).template.spec;

for (const [overlay, objects] of Object.entries(overlays)) {
  t.test(`when the ${overlay} overlay is rendered, then every object passes its Kubernetes schema`, async (t) => {
    t.ok(objects.length > 20, `${objects.length} objects`);
    for (const o of objects) t.same(validateObject(o), [], `${o.kind}/${o.metadata.name}`);
    const ids = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    t.same(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'no object twice');
    t.ok(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'joo'), 'all in namespace joo');
  });

  t.test(`when the ${overlay} overlay is rendered, then every service of services.json has its objects, hardened`, async (t) => {
    for (const s of services) {
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'ConfigMap']) {
        t.ok(find(objects, kind, kind === 'ConfigMap' ? `${s.name}-config` : s.name), `${kind} of ${s.name}`);
      }
      t.equal(!!find(objects, 'Job', `${s.name}-migrate`), !!s.database, `migration Job of ${s.name} iff it has a database`);
      const deployment = find(objects, 'Deployment', s.name)!;
      const pod = podSpec(deployment);
      const c = pod.containers[0];
      t.match(c.readinessProbe, { httpGet: { path: '/health/ready', port: 'http' } }, `${s.name} readiness`);
      t.match(c.livenessProbe, { httpGet: { path: '/health/live', port: 'http' } }, `${s.name} liveness`);
      t.match(c.resources, { requests: { cpu: String, memory: String }, limits: { memory: String } }, `${s.name} resources`);
      t.match(c.securityContext, { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      t.match(pod.securityContext, { runAsNonRoot: true, runAsUser: Number });
      t.equal(c.ports[0].containerPort, s.port, `${s.name} listens on its port`);
      t.equal(find(objects, 'Service', s.name)!.spec && (find(objects, 'Service', s.name)!.spec as any).ports[0].port, s.port);
      t.same(c.args, ['serve']);
      if (s.database) {
        const job = find(objects, 'Job', `${s.name}-migrate`)!;
        t.same(podSpec(job).containers[0].args, ['migrate']);
        t.match(podSpec(job).containers[0].securityContext, { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    }
  });

  t.test(`when the ${overlay} overlay is rendered, then each container's environment is exactly what its config schema reads, all resolvable`, async (t) => {
    const cm = (name: string) => find(objects, 'ConfigMap', name)?.data as Record<string, string> | undefined;
    for (const s of services) {
      const keys = await schemaKeys(ROOT, s.name);
      const env: any[] = podSpec(find(objects, 'Deployment', s.name)!).containers[0].env;
      const names = env.map((e) => e.name).filter((n) => n !== 'SERVICE');
      // PGPASSWORD: node-postgres reads it when DATABASE_URL names no password (prod's pooler URL, checked below).
      t.same(names.filter((n) => !keys.all.includes(n) && !(n === 'PGPASSWORD' && s.database)), [], `${s.name}: no variable the schema does not read`);
      t.same(keys.required.filter((k) => !names.includes(k)), [], `${s.name}: every required variable set`);
      for (const e of env) {
        const ref = e.valueFrom?.configMapKeyRef;
        if (ref) t.type(cm(ref.name)?.[ref.key], 'string', `${s.name} ${e.name} ← ConfigMap ${ref.name}/${ref.key}`);
        const secret = e.valueFrom?.secretKeyRef;
        if (secret) {
          // <service>-db-app is in the overlay (dev Secret) or written by CloudNativePG (prod Cluster <service>-db);
          // <service>-secrets are created out of band (k8s/README.md).
          const provided = find(objects, 'Secret', secret.name) || (secret.name.endsWith('-db-app') && find(objects, 'Cluster', secret.name.replace(/-app$/, '')));
          t.ok(provided || secret.name === `${s.name}-secrets`, `${s.name} ${e.name} ← Secret ${secret.name}`);
        }
      }
      for (const [k, v] of Object.entries(cm(`${s.name}-config`) ?? {})) t.notMatch(v, /127\.0\.0\.1|localhost|loopback/, `${s.name} ${k} does not point at a laptop`);
    }
  });

  t.test(`when the ${overlay} overlay is rendered, then only the gateway is exposed, and not its /metrics`, async (t) => {
    const ingresses = objects.filter((o) => o.kind === 'Ingress');
    t.equal(ingresses.length, 1);
    const paths = ingresses.flatMap((i) => (i.spec as any).rules.flatMap((r: any) => r.http.paths));
    t.ok(paths.every((p: any) => p.backend.service.name === 'gateway'), 'every path goes to the gateway');
    const routed = (url: string) => paths.some((p: any) => (p.pathType === 'Exact' ? url === p.path
      : url === p.path.replace(/\/$/, '') || url.startsWith(p.path.endsWith('/') ? p.path : `${p.path}/`)));
    for (const url of ['/metrics', '/metrics/', '/health/ready', '/health/live', '/openapi.json']) t.notOk(routed(url), `${url} is not routed`);
    for (const url of ['/v1/identity/auth/login', '/docs', '/docs/json', '/.well-known/jwks.json']) t.ok(routed(url), `${url} is routed`);
    t.same(objects.filter((o) => o.kind === 'Service' && ['NodePort', 'LoadBalancer'].includes((o.spec as any).type)), [], 'no Service exposed outside the cluster');
  });

  t.test(`when the ${overlay} overlay is rendered, then network policies let services reach only PostgreSQL, NATS, the collector, identity and their named providers`, async (t) => {
    t.match(find(objects, 'NetworkPolicy', 'default-deny')!.spec, { policyTypes: ['Ingress', 'Egress'] });
    for (const s of services) {
      const spec = find(objects, 'NetworkPolicy', s.name)!.spec as any;
      const external = spec.egress.filter((rule: any) => rule.to.some((to: any) => to.ipBlock));
      t.same(external, egressTo[s.name] ? [PUBLIC_HTTPS] : [], `${s.name} reaches the internet only if deploy/egress.json says why, on 443, not into private ranges`);
      const targets = spec.egress.filter((rule: any) => !external.includes(rule)).flatMap((rule: any) => rule.to.map((to: any) => JSON.stringify(to.podSelector?.matchLabels ?? to)));
      const allowed = [
        { 'app.kubernetes.io/name': 'nats' }, { 'app.kubernetes.io/name': 'otel-collector' }, { 'app.kubernetes.io/name': 'identity' },
        { [`joo.kz/db-${s.name}`]: 'true' },
        ...(s.name === 'gateway' ? services.map((b) => ({ 'app.kubernetes.io/name': b.name })) : []),
      ].map((l) => JSON.stringify(l));
      t.same(targets.filter((x: string) => !allowed.includes(x)), [], `${s.name} egress`);
      const outside = spec.ingress.filter((rule: any) => rule.from.some((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'ingress-nginx'));
      t.equal(outside.length, s.name === 'gateway' ? 1 : 0, `${s.name} reachable from the ingress controller only if it is the gateway`);
    }
    const db = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'postgres') ?? objects.find((o) => o.kind === 'Cluster');
    t.ok(db, 'a database is deployed');
  });

  t.test(`when the ${overlay} overlay is rendered, then NATS is a 3-node JetStream cluster that syncs every write`, async (t) => {
    const nats = find(objects, 'StatefulSet', 'nats')!;
    t.equal((nats.spec as any).replicas, 3);
    const conf = (find(objects, 'ConfigMap', 'nats-config')!.data as any)['nats.conf'] as string;
    t.match(conf, /jetstream\s*\{[^}]*sync_interval: always/);
    t.equal(conf.match(/nats-route:\/\//g)?.length, 3);
    t.equal((find(objects, 'ConfigMap', 'joo-platform')!.data as any).NATS_STREAM_REPLICAS, overlay === 'prod' ? '3' : '1');
  });

  t.test(`when the ${overlay} overlay is rendered, then identity believes X-Forwarded-For only from the pod CIDR`, async (t) => {
    const platform = find(objects, 'ConfigMap', 'joo-platform')!.data as any;
    t.match(platform.TRUST_PROXY, /^\d+\.\d+\.\d+\.\d+\/\d+$/);
    const env: any[] = podSpec(find(objects, 'Deployment', 'identity')!).containers[0].env;
    t.match(env.find((e) => e.name === 'TRUST_PROXY'), { valueFrom: { configMapKeyRef: { name: 'joo-platform', key: 'TRUST_PROXY' } } });
  });

  t.test(`when the ${overlay} overlay is rendered, then Prometheus scrapes the services and has the rules`, async (t) => {
    const monitor = find(objects, 'ServiceMonitor', 'joo-platform')!;
    t.match(monitor.spec, { selector: { matchLabels: { 'joo.kz/tier': 'app' } }, endpoints: [{ port: 'metrics', path: '/metrics' }] });
    for (const s of services) {
      t.equal(find(objects, 'Service', s.name)!.metadata.labels?.['joo.kz/tier'], 'app', `${s.name} is selected`);
      t.match((find(objects, 'Service', s.name)!.spec as any).ports, [{ name: 'http' }, { name: 'metrics', port: s.metricsPort, targetPort: 'metrics' }]);
      t.match(podSpec(find(objects, 'Deployment', s.name)!).containers[0].ports, [{ name: 'http' }, { name: 'metrics', containerPort: s.metricsPort }]);
      const monitoring = (find(objects, 'NetworkPolicy', s.name)!.spec as any).ingress
        .filter((rule: any) => rule.from.some((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring'));
      t.same(monitoring.flatMap((rule: any) => rule.ports), [{ protocol: 'TCP', port: 'metrics' }], `${s.name}: Prometheus reaches the metrics port only`);
    }
    const rules = (find(objects, 'PrometheusRule', 'joo-platform')!.spec as any).groups.flatMap((g: any) => g.rules);
    t.ok(rules.length >= 8);
    t.ok(rules.every((r: any) => /\/docs\/runbooks\/\w+\.md$/.test(r.annotations.runbook_url)), 'every rule has a runbook_url');
  });
}

t.test('when the prod overlay is rendered, then everything runs in Kazakhstan, on CloudNativePG clusters per service', async (t) => {
  const objects = overlays.prod;
  const kz = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'joo.kz/data-residency', operator: 'In', values: ['KZ'] }] }] } } };
  for (const o of objects.filter((x) => ['Deployment', 'StatefulSet', 'Job'].includes(x.kind))) {
    t.match(podSpec(o).affinity, kz, `${o.kind}/${o.metadata.name} on KZ nodes`);
  }
  for (const s of services.filter((x) => x.database)) {
    const cluster = find(objects, 'Cluster', `${s.name}-db`)!;
    t.ok(cluster, `Cluster ${s.name}-db`);
    t.match(cluster.spec, { instances: 3, bootstrap: { initdb: { database: s.database } }, affinity: { nodeSelector: { 'joo.kz/data-residency': 'KZ' } } });
    t.equal((cluster.spec as any).inheritedMetadata.labels[`joo.kz/db-${s.name}`], 'true', 'its pods match the service network policy');
  }
  t.notOk(find(objects, 'StatefulSet', 'postgres'), 'no shared development PostgreSQL');
  for (const o of objects.filter((x) => x.kind === 'Pooler')) t.match(podSpec(o).affinity, kz, `Pooler/${o.metadata.name} on KZ nodes`);
  t.ok(podSpec(find(objects, 'Deployment', 'identity')!).containers[0].image.startsWith('registry.joo.kz/joo/platform:'));
});

const envOf = (objects: K8sObject[], kind: string, name: string): Record<string, any> =>
  Object.fromEntries(podSpec(find(objects, kind, name)!).containers[0].env.map((e: any) => [e.name, e]));
const secretRef = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, key } } });

t.test('when the prod overlay is rendered, then each database has a transaction pooler, which its service queries through', async (t) => {
  const objects = overlays.prod;
  for (const s of services.filter((x) => x.database)) {
    const pooler = find(objects, 'Pooler', `${s.name}-db-pooler-rw`);
    t.ok(pooler, `Pooler ${s.name}-db-pooler-rw`);
    t.match(pooler!.spec, { cluster: { name: `${s.name}-db` }, type: 'rw', instances: 2, pgbouncer: { poolMode: 'transaction' } });
    t.equal((pooler!.spec as any).template.metadata.labels[`joo.kz/db-${s.name}`], 'true', 'its pods match the service network policy');

    const env = envOf(objects, 'Deployment', s.name);
    t.same(env.DATABASE_URL, { name: 'DATABASE_URL', value: `postgresql://${s.database}@${s.name}-db-pooler-rw:5432/${s.database}` }, `${s.name} queries through its pooler`);
    t.match(env.PGPASSWORD, secretRef(`${s.name}-db-app`, 'password'), `${s.name}: the pooler URL's password, from CloudNativePG's Secret`);
    // CloudNativePG's `uri` names the cluster's rw Service: the primary, without the pooler.
    t.match(env.DATABASE_DIRECT_URL, secretRef(`${s.name}-db-app`, 'uri'), `${s.name}: the relay's session goes straight to the primary`);
    t.match(envOf(objects, 'Job', `${s.name}-migrate`).DATABASE_URL, secretRef(`${s.name}-db-app`, 'uri'), `${s.name}: migrations go straight to the primary`);
  }
  t.equal(objects.filter((o) => o.kind === 'Pooler').length, services.filter((x) => x.database).length, 'no other pooler');
});

t.test('when the dev overlay is rendered, then there is no pooler and both database URLs are the one PostgreSQL', async (t) => {
  const objects = overlays.dev;
  t.same(objects.filter((o) => o.kind === 'Pooler'), []);
  for (const s of services.filter((x) => x.database)) {
    const env = envOf(objects, 'Deployment', s.name);
    t.match(env.DATABASE_URL, secretRef(`${s.name}-db-app`, 'uri'));
    t.match(env.DATABASE_DIRECT_URL, secretRef(`${s.name}-db-app`, 'uri'));
    t.notOk(env.PGPASSWORD, `${s.name}: the URL carries its password`);
  }
});

t.test('when an object is malformed or the renderer meets what it cannot render, then the checks say so', async (t) => {
  const bad = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: 'http' }] }] } } } };
  t.match(validateObject(bad as unknown as K8sObject).join('\n'), /containerPort must be integer/);
  t.match(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }), [/no schema for example.com\/v1\/Widget/]);
  t.match(validateObject({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'db' }, spec: { instances: 0, storage: { size: 'big' } } }).join('\n'), /instances.*\n.*imageName.*\n.*initdb.*\n.*storage/s);
  t.match(validateObject({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Pooler', metadata: { name: 'db-pooler' }, spec: { instances: 2, type: 'rw', pgbouncer: { poolMode: 'statement' } } }).join('\n'), /cluster\.name.*\n.*poolMode/s);
  const dir = mkdtempSync(join(tmpdir(), 'joo-kustomize-'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources: []\ncommonLabels: { a: b }\n');
  t.throws(() => render(dir), /does not support commonLabels/);
});

t.test('when a strategic-merge patch is applied, then maps merge, named lists merge by name and other lists are replaced', async (t) => {
  const base = { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }], args: ['one'] } };
  const patch = { spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '3' }] }, { name: 'b' }], args: ['two'] } };
  t.same(strategicMerge(base, patch), {
    spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '3' }] }, { name: 'b' }], args: ['two'] },
  });
});
