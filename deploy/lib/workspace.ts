/**
 * tsconfig.build.json, what `pnpm build` (tsc -b) compiles: every package that has a tsconfig.json,
 * then every service of deploy/services.json, so a new service is built without a second list.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceEntry } from '@joo/service-list';

export function buildReferences(root: string, services: ServiceEntry[]): { files: string[]; references: Array<{ path: string }> } {
  const dir = join(root, 'packages');
  // A copy of the deploy inputs alone (the generator's tests) has no packages.
  const packages = existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, 'tsconfig.json'))).sort() : [];
  return {
    files: [],
    references: [...packages.map((name) => ({ path: `packages/${name}` })), ...services.map((s) => ({ path: `services/${s.name}` }))],
  };
}
