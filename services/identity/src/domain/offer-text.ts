/**
 * The public offer's published versions: data/offer-v<N>.json names the version's publication
 * instant and its Russian and Kazakh texts, which sit beside it.
 */
import { readFile } from 'node:fs/promises';
import { isIsoInstant } from './calendar.js';
import { dataFileUrl } from './data-path.js';

export interface Offer {
  version: number;
  /** ISO 8601 instant */
  publishedAt: string;
  text: { kk: string; ru: string };
}

export class OfferVersionNotFound extends Error {
  readonly code = 'OFFER_VERSION_NOT_FOUND';
  constructor(readonly version: number, options?: ErrorOptions) {
    super(`offer version ${version} is not published`, options);
    this.name = 'OfferVersionNotFound';
  }
}

export async function loadOffer(version = 1): Promise<Offer> {
  if (!Number.isSafeInteger(version) || version < 1) throw new OfferVersionNotFound(version);
  let manifestJson: string;
  try {
    manifestJson = await readFile(dataFileUrl(`offer-v${version}.json`), 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new OfferVersionNotFound(version, { cause });
    throw cause;
  }
  const manifest = parseManifest(manifestJson, version);
  const [ru, kk] = await Promise.all([
    readFile(dataFileUrl(manifest.files.ru), 'utf8'),
    readFile(dataFileUrl(manifest.files.kk), 'utf8'),
  ]);
  return { version, publishedAt: manifest.publishedAt, text: { kk, ru } };
}

interface Manifest {
  publishedAt: string;
  files: { ru: string; kk: string };
}

export function parseManifest(json: string, version: number): Manifest {
  const where = `offer-v${version}.json`;
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: not an object`);
  const { version: stated, publishedAt, files } = value as Record<string, unknown>;
  if (stated !== version) throw new Error(`${where}: states version ${String(stated)}`);
  if (typeof publishedAt !== 'string' || !isIsoInstant(publishedAt)) {
    throw new Error(`${where}: publishedAt is not an ISO 8601 instant`);
  }
  if (typeof files !== 'object' || files === null) throw new Error(`${where}: no files`);
  const { ru, kk } = files as Record<string, unknown>;
  if (typeof ru !== 'string' || typeof kk !== 'string') throw new Error(`${where}: files.ru and files.kk must be file names`);
  return { publishedAt, files: { ru, kk } };
}
