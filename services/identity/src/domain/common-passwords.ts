/**
 * Loads the deny list for checkPassword: the common-password list shipped by the npm package
 * `@zxcvbn-ts/language-common` (about 49,000 entries, ASCII) together with this service's
 * supplement for ru/kk users in `data/common-passwords.txt`. Fails loudly rather than run with
 * a short list.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fold } from './password.js';
import { dataFileUrl } from './data-path.js';

export const COMMON_PASSWORDS_PACKAGE = '@zxcvbn-ts/language-common';
/** The list inside that package: a JSON array of lower-case strings. */
export const COMMON_PASSWORDS_PACKAGE_FILE = 'src/passwords.json';
/** Fewer entries than this means the package changed its format; refuse to run on it. */
export const MIN_PACKAGE_ENTRIES = 10_000;

export interface CommonPasswordSources {
  /** the package's JSON list; defaults to the installed package's file */
  packageList?: string | URL;
  /** the supplement, one password a line; defaults to data/common-passwords.txt */
  supplement?: string | URL;
}

export async function loadCommonPasswords(sources: CommonPasswordSources = {}): Promise<ReadonlySet<string>> {
  const packageList = sources.packageList ?? packageListPath();
  const supplement = sources.supplement ?? dataFileUrl('common-passwords.txt');
  const [json, text] = await Promise.all([readFile(packageList, 'utf8'), readFile(supplement, 'utf8')]);
  return buildCommonSet([parsePackageList(json), parseSupplement(text)]);
}

/** Path of the installed package's list, resolved from this file as Node resolves imports. */
export function packageListPath(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve(`${COMMON_PASSWORDS_PACKAGE}/package.json`);
  } catch (cause) {
    throw new Error(`${COMMON_PASSWORDS_PACKAGE} is not installed: it is a dependency of the identity service`, { cause });
  }
  return join(dirname(manifest), COMMON_PASSWORDS_PACKAGE_FILE);
}

export function parsePackageList(json: string): string[] {
  const list: unknown = JSON.parse(json);
  if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) {
    throw new Error(`${COMMON_PASSWORDS_PACKAGE}: ${COMMON_PASSWORDS_PACKAGE_FILE} is not an array of strings`);
  }
  if (list.length < MIN_PACKAGE_ENTRIES) {
    throw new Error(`${COMMON_PASSWORDS_PACKAGE}: ${COMMON_PASSWORDS_PACKAGE_FILE} has ${list.length} entries, expected at least ${MIN_PACKAGE_ENTRIES}`);
  }
  return list;
}

/** One password a line; blank lines and lines starting with # are skipped, other lines are kept as they are. */
export function parseSupplement(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line !== '' && !line.startsWith('#'));
}

export function buildCommonSet(lists: Iterable<Iterable<string>>): ReadonlySet<string> {
  const set = new Set<string>();
  for (const list of lists) for (const entry of list) set.add(fold(entry));
  return set;
}
