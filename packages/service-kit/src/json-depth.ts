import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problems.js';

/**
 * The deepest JSON a request body may nest. No contract comes near it (bodies are objects of
 * fields, arrays and localised texts a few levels deep); a hostile body nests thousands of levels
 * and overflows the stack of whatever walks it recursively (the NUL check, validation).
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Counts brackets outside strings, chunk by chunk, without parsing: iterative, so a body nested
 * 100 000 deep cannot overflow the stack of the check itself. It works on UTF-8 bytes as well
 * as on strings, since the bytes of multi-byte characters never look like ASCII punctuation.
 * Brackets are not matched against each other: a malformed body is the parser's to refuse.
 */
export class JsonDepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  exceeded = false;

  constructor(readonly maxDepth = MAX_JSON_DEPTH) {}

  /** Feeds the next piece of the body; returns true once the nesting went beyond `maxDepth`. */
  feed(chunk: string | Uint8Array): boolean {
    if (this.exceeded) return true;
    const text = typeof chunk === 'string';
    for (let i = 0; i < chunk.length; i++) {
      const c = text ? chunk.charCodeAt(i) : chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) {
        this.inString = true;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (++this.depth > this.maxDepth) {
          this.exceeded = true;
          return true;
        }
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        this.depth -= 1;
      }
    }
    return false;
  }
}

/** True when the JSON text nests objects and arrays deeper than `maxDepth`. */
export function nestsDeeperThan(body: string | Uint8Array, maxDepth = MAX_JSON_DEPTH): boolean {
  return new JsonDepthScanner(maxDepth).feed(body);
}

export function nestingTooDeep(maxDepth = MAX_JSON_DEPTH): ProblemError {
  return new ProblemError(400, 'nesting-too-deep', 'The JSON nests too deeply',
    `Objects and arrays may nest at most ${maxDepth} levels`, { maxDepth });
}

/**
 * Fastify's JSON parser, with the depth checked on the raw text first: a too-deep body is refused
 * with 400 before it is parsed and validated.
 */
export function registerJsonDepthLimit(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, maxDepth)) {
      done(nestingTooDeep(maxDepth), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}
