import { readFileSync } from 'node:fs';

/** identity's region codes (data/regions.json, copied from identity): a university's region is one of them. */
const REGIONS: ReadonlySet<string> = new Set(
  (JSON.parse(readFileSync(new URL('../../data/regions.json', import.meta.url), 'utf8')) as Array<{ code: string }>).map((r) => r.code),
);

export function isRegionCode(code: string): boolean {
  return REGIONS.has(code);
}
