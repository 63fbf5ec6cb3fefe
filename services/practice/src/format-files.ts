import { readdirSync, readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { FormatDocument, formatProblems } from './domain/format.js';

export const FORMATS_DIR = new URL('../data/formats/', import.meta.url);

/**
 * Every format document of data/formats/ (unt-<year>.json), each checked against the schema and
 * its own rules; a bad file stops the service at start rather than serving a wrong exam.
 */
export function loadFormats(dir: URL = FORMATS_DIR): FormatDocument[] {
  const files = readdirSync(dir).filter((f) => /^unt-\d{4}\.json$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no format documents in ${dir.pathname}`);
  return files.map((file) => {
    const doc = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as unknown;
    const problems = Value.Check(FormatDocument, doc)
      ? formatProblems(doc as FormatDocument)
      : [...Value.Errors(FormatDocument, doc)].map((e) => `${e.instancePath || '/'}: ${e.message}`);
    if (problems.length > 0) throw new Error(`data/formats/${file} is not a valid format:\n  ${problems.join('\n  ')}`);
    return doc as FormatDocument;
  });
}
