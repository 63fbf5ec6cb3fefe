import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { ClaimAnswered, UserRegistered } from '@joo/contracts';
import { apply, build, envelope, messagesOf, registered } from './helper.js';

const answered = (userId: string, answer: string) => {
  const claimId = uuidv7();
  return envelope(ClaimAnswered, claimId, {
    claimId, userId, orderId: null, subject: 'Видео не открывается', answer,
    receivedAt: '2026-03-01T20:30:00Z', answerDueBy: '2026-05-31', answeredAt: '2026-03-10T06:00:00Z',
  });
};

t.test('when a claim is answered, then the student is e-mailed the answer in their language, once (offer §13)', async (t) => {
  const { ctx, pool } = await build(t);
  const kk = registered({ locale: 'kk' });
  const ru = registered({ locale: 'ru' });
  for (const u of [kk, ru]) await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  const answer = 'Доступ восстановлен. {{not a variable}} — текст администратора как есть.';
  const event = answered(kk.userId, answer);
  await apply(ctx, event);
  await apply(ctx, event);
  await apply(ctx, answered(ru.userId, answer));

  const kkMail = (await messagesOf(pool, kk.userId)).filter((m) => m.template === 'claim_answered');
  t.equal(kkMail.length, 1, 'a redelivered event queues nothing new');
  t.match(kkMail[0], { channel: 'email', locale: 'kk', address: kk.data.email, subject: /Шағымыңызға жауап: Видео не открывается/ });
  t.ok(kkMail[0]!.body.includes(answer), "the admin's text goes out unchanged");
  t.match(kkMail[0]!.body, /02\.03\.2026/, 'the date of receipt, in Almaty');
  const ruMail = (await messagesOf(pool, ru.userId)).filter((m) => m.template === 'claim_answered');
  t.match(ruMail, [{ channel: 'email', locale: 'ru', subject: /Ответ на вашу претензию/ }]);
  t.ok(ruMail[0]!.body.includes(answer));
});
