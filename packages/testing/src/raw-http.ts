import { connect } from 'node:net';

/**
 * For what `inject` cannot show: requests Node's HTTP parser refuses before the app sees them
 * (oversized URLs, bytes after a short Content-Length, headers that never end).
 */

/** Writes `raw` on a fresh connection to 127.0.0.1:`port`; resolves with all the server said once it closes. */
export function rawExchange(port: number, raw: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close within ${timeoutMs} ms; it said: ${received.slice(0, 200)}`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => { received += chunk; });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.write(raw);
  });
}

export interface RawAnswer {
  status: number;
  /** lower-case names */
  headers: Record<string, string>;
  body: string;
}

/** Splits what a server wrote into its HTTP/1.1 answers (each with a Content-Length body). */
export function rawAnswers(raw: string): RawAnswer[] {
  const found: RawAnswer[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) break;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }));
    const length = Number(headers['content-length'] ?? 0);
    const bodyBytes = Buffer.from(rest.slice(end + 4));
    found.push({ status: Number(statusLine!.split(' ')[1]), headers, body: bodyBytes.subarray(0, length).toString() });
    rest = bodyBytes.subarray(length).toString();
  }
  return found;
}
