/**
 * Renders a kustomization without the kustomize binary, for the tests: the subset our overlays use
 * (k8s/README.md): `resources` (files and folders with a kustomization.yaml), `namespace`, `images`
 * (newName, newTag, digest) and `patches` (strategic-merge patches from files, applied to the
 * object they name or, with `target`, to every object of that kind and label selector).
 * Anything else in a kustomization.yaml is refused, so the tests cannot pass over a feature they
 * do not render.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type K8sObject = {
  apiVersion: string; kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
};

interface Kustomization {
  resources?: string[];
  namespace?: string;
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
  patches?: Array<{ path: string; target?: { kind?: string; name?: string; labelSelector?: string } }>;
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);
/** Lists merged element by element on this key (the strategic-merge keys of the fields we patch). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', env: 'name', ports: 'containerPort', volumes: 'name', volumeMounts: 'mountPath',
};

export function readYamlObjects(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors[0]!.message}`);
      return d.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A strategic-merge patch: maps merge, lists with a merge key merge by it, other lists and values replace; null deletes. */
export function strategicMerge(base: unknown, patch: unknown, field = ''): unknown {
  if (isObject(base) && isObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = k in base ? strategicMerge(base[k], v, k) : v;
    }
    return out;
  }
  const key = MERGE_KEYS[field];
  if (key && Array.isArray(base) && Array.isArray(patch)) {
    const out = [...base];
    for (const item of patch) {
      const at = out.findIndex((b) => isObject(b) && isObject(item) && b[key] === item[key]);
      if (at >= 0) out[at] = strategicMerge(out[at], item);
      else out.push(item);
    }
    return out;
  }
  return patch;
}

function matches(o: K8sObject, target: NonNullable<Kustomization['patches']>[number]['target']): boolean {
  if (!target) return false;
  if (target.kind && o.kind !== target.kind) return false;
  if (target.name && o.metadata.name !== target.name) return false;
  for (const term of target.labelSelector?.split(',') ?? []) {
    const [k, v] = term.split('=');
    if (o.metadata.labels?.[k!.trim()] !== v?.trim()) return false;
  }
  return true;
}

function setImages(node: unknown, images: NonNullable<Kustomization['images']>): unknown {
  if (Array.isArray(node)) return node.map((n) => setImages(n, images));
  if (!isObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'image' && typeof v === 'string') {
      const [name, tag] = v.split(/:(?=[^/]+$)/);
      const rule = images.find((i) => i.name === name);
      out[k] = rule ? `${rule.newName ?? name}${rule.digest ? `@${rule.digest}` : `:${rule.newTag ?? tag ?? 'latest'}`}` : v;
    } else out[k] = setImages(v, images);
  }
  return out;
}

/** Every object the kustomization at `dir` produces, in order. */
export function render(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k = readYamlObjects(file)[0] as unknown as Kustomization;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length) throw new Error(`${file}: the test renderer does not support ${unsupported.join(', ')}`);

  let objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const path = join(dir, r);
    if (!existsSync(path)) throw new Error(`${file}: resource ${r} does not exist`);
    objects.push(...(statSync(path).isDirectory() ? render(path) : readYamlObjects(path)));
  }
  for (const p of k.patches ?? []) {
    for (const patch of readYamlObjects(join(dir, p.path))) {
      let hits = 0;
      objects = objects.map((o) => {
        const hit = p.target ? matches(o, p.target) : o.kind === patch.kind && o.metadata.name === patch.metadata.name;
        if (!hit) return o;
        hits += 1;
        const { metadata: _ignored, ...body } = patch;
        const merged = strategicMerge(o, p.target ? body : patch) as K8sObject;
        return { ...merged, metadata: { ...merged.metadata, name: o.metadata.name } };
      });
      if (hits === 0) throw new Error(`${file}: patch ${p.path} (${patch.kind}/${patch.metadata.name}) matches no object`);
    }
  }
  if (k.images) objects = objects.map((o) => setImages(o, k.images!) as K8sObject);
  if (k.namespace) {
    objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace! } }));
  }
  return objects;
}

export const rootOf = (metaUrl: string) => join(dirname(new URL(metaUrl).pathname), '../..');
