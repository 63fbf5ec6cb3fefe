import { readFileSync } from 'node:fs';

/**
 * The variable names a service's `.env.example` lists, in order. Config tests compare them with
 * the config schema, so the example cannot drift from what the service reads.
 */
export function envExampleKeys(file: URL | string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.slice(0, line.indexOf('=')));
}
