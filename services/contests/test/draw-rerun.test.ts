/**
 * Re-runs a published draw from DRAW.md alone: this file does not import the service's draw code,
 * so a change that breaks the documented algorithm fails here.
 */
import { createHash, createHmac } from 'node:crypto';
import t from 'tap';
import { adminAction, build, launchedContest, outbox, student } from './helper.js';

function rerun(seedHex: string, sortedIds: string[], prizes: Array<{ name: string; quantity: number }>) {
  const seed = Buffer.from(seedHex, 'hex');
  let c = 0n;
  const next32 = () => {
    const msg = Buffer.alloc(8);
    msg.writeBigUInt64BE(c++);
    return createHmac('sha256', seed).update(msg).digest().readUInt32BE(0);
  };
  const uniform = (n: number) => {
    const limit = Math.floor(4294967296 / n) * n;
    let r = next32();
    while (r >= limit) r = next32();
    return r % n;
  };
  const slots: string[] = [];
  for (const p of prizes) for (let i = 0; i < p.quantity; i++) slots.push(p.name);
  const a = sortedIds.slice();
  const k = Math.min(slots.length, a.length);
  for (let i = 0; i < k; i++) {
    const j = i + uniform(a.length - i);
    const tmp = a[i]!;
    a[i] = a[j]!;
    a[j] = tmp;
  }
  return a.slice(0, k).map((entryId, i) => ({ entryId, place: i + 1, prize: slots[i]! }));
}

t.test('when a contest is drawn, then anyone can re-run the published draw and get the same winners', async (t) => {
  const b = await build(t);
  const prizes = [{ name: 'Ноутбук', quantity: 1 }, { name: 'Наушники', quantity: 3, taxable: false }];
  const id = await launchedContest(b, { prizes });
  const commitment = (await b.app.inject({ method: 'GET', url: `/v1/contests/${id}` })).json().commitment;

  const entrants = new Map<string, string>();
  for (let i = 0; i < 12; i += 1) {
    const s = await student(b);
    const res = await b.app.inject({ method: 'POST', url: `/v1/contests/${id}/entries`, headers: s.headers });
    t.equal(res.statusCode, 201);
    entrants.set(res.json().entryId, s.userId);
  }
  t.equal((await b.app.inject({ method: 'GET', url: `/v1/contests/${id}/draw` })).json().code, 'not-drawn', 'nothing to re-run before the draw');

  t.equal((await adminAction(b, id, 'draw')).statusCode, 200);
  const res = await b.app.inject({ method: 'GET', url: `/v1/contests/${id}/draw` });
  t.equal(res.statusCode, 200, 'the draw is public');
  const d = res.json();

  t.equal(d.commitment, commitment, 'the commitment published at launch');
  t.equal(createHash('sha256').update(Buffer.from(d.seed, 'hex')).digest('hex'), commitment, 'the revealed seed matches the commitment');
  t.equal(Buffer.from(d.seed, 'hex').length, 32);
  t.same(d.entryIds, [...entrants.keys()].sort(), 'every entry took part, sorted');
  t.equal(createHash('sha256').update(d.entryIds.join('\n')).digest('hex'), d.entriesDigest, 'the digest is over the sorted ids');
  t.equal(d.algorithm.id, 'joo-draw-v1');
  t.match(d.algorithm.description, /HMAC-SHA256/);

  const expected = rerun(d.seed, d.entryIds, prizes);
  t.same(d.winners.map((w: { entryId: string; place: number; prize: string }) => ({ entryId: w.entryId, place: w.place, prize: w.prize })), expected);
  t.same(d.winners.map((w: { taxable: boolean }) => w.taxable), [true, false, false, false]);
  t.match(d.taxNotice, { kk: /салық/, ru: /налог/ });
  t.notOk(JSON.stringify(d).includes([...entrants.values()][0]!), 'no user id in the published draw');

  const won = await outbox(b.pool, 'contests.entry.won.v1');
  t.same(won.map((e) => e.subject).sort(), expected.map((w) => entrants.get(w.entryId)).sort(), 'each winner is told');
  t.match(won[0]!.data, { contestId: id, taxable: true, prize: 'Ноутбук', entryId: expected[0]!.entryId });
  const drawn = await outbox(b.pool, 'contests.contest.drawn.v1');
  t.match(drawn[0]!.data, { contestId: id, entries: 12, winners: 4, seed: d.seed, commitment, entriesDigest: d.entriesDigest });

  const winnerUser = entrants.get(expected[0]!.entryId)!;
  const mine = await b.app.inject({
    method: 'GET', url: `/v1/contests/${id}`,
    headers: { authorization: `Bearer ${b.issuer.sign({ sub: winnerUser, sid: 'x', roles: ['student'] })}` },
  });
  t.same(mine.json().myEntry, { id: expected[0]!.entryId, prize: 'Ноутбук' }, 'the winner sees their prize');
});

t.test('when nobody entered, then the draw has no winners and still reveals the seed', async (t) => {
  const b = await build(t);
  const id = await launchedContest(b);
  const d = (await adminAction(b, id, 'draw')).json();
  t.same(d.winners, []);
  t.same(d.entryIds, []);
  t.equal(d.entriesDigest, createHash('sha256').update('').digest('hex'));
  t.equal((await outbox(b.pool, 'contests.entry.won.v1')).length, 0);
});
