import t from 'tap';
import { VerifiedTokens } from '../src/verified-tokens.js';

const claims = (exp?: number) => ({ sub: 'u-1', sid: 's-1', roles: ['student'], ...(exp === undefined ? {} : { exp }) });

t.test('a verified token is known until it expires, and not a second longer', async (t) => {
  const tokens = new VerifiedTokens();
  t.equal(tokens.get('a.b.c', 1000), undefined);
  tokens.remember('a.b.c', claims(1010));
  t.match(tokens.get('a.b.c', 1009.9), { sub: 'u-1', roles: ['student'] });
  t.equal(tokens.get('a.b.c', 1010), undefined, 'expired at exp');
  t.equal(tokens.size, 0, 'and forgotten');
  t.equal(tokens.get('a.b.C', 1000), undefined, 'another text is another token');
});

t.test('the claims handed out cannot be changed by one request for the next', async (t) => {
  const tokens = new VerifiedTokens();
  const kept = tokens.remember('t', claims(2000));
  t.throws(() => { (kept.roles as string[]).push('admin'); });
  t.throws(() => { (kept as { sub: string }).sub = 'someone-else'; });
  t.same(tokens.get('t', 1000)?.roles, ['student']);
});

t.test('tokens without an expiry are not kept; when full, the oldest makes room', async (t) => {
  const tokens = new VerifiedTokens(2);
  tokens.remember('forever', claims());
  t.equal(tokens.size, 0);
  tokens.remember('one', claims(5000));
  tokens.remember('two', claims(5000));
  tokens.remember('three', claims(5000));
  t.equal(tokens.size, 2);
  t.equal(tokens.get('one', 1000), undefined);
  t.ok(tokens.get('three', 1000));
  t.throws(() => new VerifiedTokens(0));
});
