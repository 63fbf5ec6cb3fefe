import t from 'tap';
import { Writable } from 'node:stream';
import { createLogger } from '../src/index.js';

t.test('when a logged object holds credentials or tokens, then they are written as [redacted]', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  const log = createLogger('kit-logger-test', 'info', sink);
  log.info({ body: { login: 'a@b.kz', password: 'p', refreshToken: 'r', accessToken: 'a', deviceToken: 'd' } }, 'sign-in');
  const { body } = JSON.parse(lines[0]!) as { body: Record<string, string> };
  t.same(body, { login: 'a@b.kz', password: '[redacted]', refreshToken: '[redacted]', accessToken: '[redacted]', deviceToken: '[redacted]' });
});
