/**
 * Adds a service: one folder and one line of deploy/services.json.
 *
 *   pnpm new-service <name> [--port <n>] [--dry-run]
 *
 * Writes services/<name>/ from scripts/new-service/template/ (config, context, app, main, one
 * example route, migrations, a test helper and two tests), adds the service to deploy/services.json
 * before the gateway (next free port unless --port; database joo_<name>), links it into the
 * workspace (pnpm install --prefer-offline) and regenerates what is generated from the list
 * (tsconfig.build.json, compose, Kubernetes, Prometheus: deploy/generate.ts).
 * --dry-run prints what it would write and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METRICS_PORT_OFFSET, parseServiceList, readServiceList, SERVICE_LIST_PATH, type ServiceEntry } from '@joo/service-list';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('./new-service/template/', import.meta.url));

export interface Scaffold {
  entry: ServiceEntry;
  /** Path from the repository root → content, for every file of the new service. */
  files: Map<string, string>;
  /** deploy/services.json with the new line. */
  serviceList: string;
}

const pascal = (name: string) => name.split('-').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');

function templateFiles(dir = TEMPLATE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? templateFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The new service's files and list line; throws if the name is taken or invalid. */
export function scaffold(root: string, name: string, options: { port?: number } = {}): Scaffold {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`"${name}" is not a service name (lower case, digits, single hyphens)`);
  const services = readServiceList(root);
  if (services.some((s) => s.name === name) || existsSync(join(root, 'services', name))) throw new Error(`service ${name} exists already`);
  const taken = new Set(services.flatMap((s) => [s.port, s.metricsPort]));
  let port = options.port ?? Math.max(...services.filter((s) => s.name !== 'gateway').map((s) => s.port)) + 1;
  if (options.port === undefined) while (taken.has(port) || taken.has(port + METRICS_PORT_OFFSET)) port += 1;
  const entry: ServiceEntry = { name, port, metricsPort: port + METRICS_PORT_OFFSET, database: `joo_${name.replace(/-/g, '_')}`, secrets: [], local: {} };

  const values: Record<string, string> = {
    name, Name: pascal(name), camel: pascal(name)[0]!.toLowerCase() + pascal(name).slice(1), port: String(port), metricsPort: String(entry.metricsPort), database: entry.database!,
  };
  const files = new Map<string, string>();
  for (const file of templateFiles()) {
    const path = relative(TEMPLATE, file).replace(/\.tmpl$/, '').replace(/^env\.example$/, '.env.example');
    files.set(`services/${name}/${path}`, readFileSync(file, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key]!));
  }

  // One line per service; the gateway stays last.
  const text = readFileSync(join(root, SERVICE_LIST_PATH), 'utf8');
  const line = `  { "name": "${name}", "port": ${port}, "database": "${entry.database}" },\n`;
  const lines = text.split(/(?<=\n)/);
  const gateway = lines.findIndex((l) => l.includes('"name": "gateway"'));
  if (gateway < 0) throw new Error(`${SERVICE_LIST_PATH}: no gateway line to add the service before`);
  const serviceList = [...lines.slice(0, gateway), line, ...lines.slice(gateway)].join('');
  parseServiceList(serviceList);
  return { entry, files, serviceList };
}

export function writeScaffold(root: string, s: Scaffold): void {
  for (const [path, content] of s.files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  writeFileSync(join(root, SERVICE_LIST_PATH), s.serviceList);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

function main(argv: string[]): void {
  const name = argv.find((a) => !a.startsWith('--') && argv[argv.indexOf(a) - 1] !== '--port');
  const portAt = argv.indexOf('--port');
  if (!name) throw new Error('usage: pnpm new-service <name> [--port <n>] [--dry-run]');
  const s = scaffold(ROOT, name, portAt >= 0 ? { port: Number(argv[portAt + 1]) } : {});
  if (argv.includes('--dry-run')) {
    process.stdout.write(`would write:\n${[...s.files.keys()].map((p) => `  ${p}\n`).join('')}and add to ${SERVICE_LIST_PATH}: ${JSON.stringify(s.entry)}\n`);
    return;
  }
  writeScaffold(ROOT, s);
  run('pnpm', ['install', '--prefer-offline']);
  run('pnpm', ['exec', 'tsx', 'deploy/generate.ts']);
  process.stdout.write(`services/${name}/ is ready on port ${s.entry.port}: pnpm build, then pnpm test services/${name}/test\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2).filter((a) => a !== '--'));
  } catch (error) {
    process.stderr.write(`new-service: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
