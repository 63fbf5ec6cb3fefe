/**
 * Kazakhstan's 17 regions (after the 2022 reform: Abai, Jetisu and Ulytau) and its 3 cities of
 * republican significance, from data/regions.json; the registration form's region (offer 3.2.1).
 * Events carry these codes, so every service shares this one list (`@joo/contracts`).
 */
import { readFileSync } from 'node:fs';

export interface Region {
  code: string;
  kind: 'city' | 'region';
  name: { kk: string; ru: string };
}

export const REGIONS: readonly Region[] = Object.freeze(parseRegions(readFileSync(new URL('../data/regions.json', import.meta.url), 'utf8')));

const CODES: ReadonlySet<string> = new Set(REGIONS.map((region) => region.code));

export function isRegionCode(code: string): boolean {
  return CODES.has(code);
}

export function parseRegions(json: string): Region[] {
  const list: unknown = JSON.parse(json);
  if (!Array.isArray(list)) throw new Error('regions.json: not an array');
  const regions = list.map((entry: unknown, i) => {
    if (!isRegion(entry)) throw new Error(`regions.json: entry ${i} is not { code, kind, name: { kk, ru } }`);
    return Object.freeze({ code: entry.code, kind: entry.kind, name: Object.freeze({ kk: entry.name.kk, ru: entry.name.ru }) });
  });
  if (new Set(regions.map((r) => r.code)).size !== regions.length) throw new Error('regions.json: duplicate code');
  return regions;
}

function isRegion(value: unknown): value is Region {
  if (typeof value !== 'object' || value === null) return false;
  const { code, kind, name } = value as Record<string, unknown>;
  if (typeof code !== 'string' || !/^[a-z][a-z_]*$/.test(code)) return false;
  if (kind !== 'city' && kind !== 'region') return false;
  if (typeof name !== 'object' || name === null) return false;
  const { kk, ru } = name as Record<string, unknown>;
  return typeof kk === 'string' && kk !== '' && typeof ru === 'string' && ru !== '';
}
