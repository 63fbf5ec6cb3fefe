/**
 * Every error is sent as `application/problem+json` (RFC 9457, the error handler), but
 * @fastify/swagger documents each response under the route's `produces` types: application/json,
 * or application/xml for the bank files. Clients generated from the document (and their parsers,
 * chosen by media type) must find errors where the wire puts them, so the document says so.
 */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isErrorStatus = (status: string) => /^[45](\d\d|XX)$/i.test(status);

export function documentProblemMediaType<T>(document: T): T {
  const paths = isObject(document) && isObject(document.paths) ? document.paths : {};
  for (const item of Object.values(paths).filter(isObject)) {
    for (const operation of Object.values(item).filter(isObject)) {
      const responses = isObject(operation.responses) ? operation.responses : {};
      for (const [status, response] of Object.entries(responses)) {
        if (!isErrorStatus(status) || !isObject(response) || !isObject(response.content)) continue;
        const documented = Object.values(response.content).find(isObject);
        if (!documented) continue;
        response.content = { [PROBLEM_MEDIA_TYPE]: documented };
        if (response.description === 'Default Response') response.description = 'A problem (RFC 9457)';
      }
    }
  }
  return document;
}
