// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const MAYBE_UNSAFE = /[.%\\\x00-\x1f]/;

/**
 * A path is passed on as it came, so it must not climb out of the service's prefix once the
 * service (or anything in between) resolves dot segments, however they are spelled.
 */
export function isSafePath(url: string): boolean {
  const query = url.indexOf('?');
  const raw = query === -1 ? url : url.slice(0, query);
  // Most paths hold no dot, escape, backslash or control character: nothing to decode or split.
  if (!MAYBE_UNSAFE.test(raw)) return true;
  const path = raw.replaceAll('\\', '/');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path).replaceAll('\\', '/');
  } catch {
    return false;
  }
  for (let i = 0; i < decoded.length; i++) if (decoded.charCodeAt(i) < 0x20) return false;
  return !decoded.split('/').includes('..');
}
