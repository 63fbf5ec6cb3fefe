import t from 'tap';
import { chooseLocale, fill, MissingVariableError, render, sayTwiml, variablesOf, type Template } from '../../src/domain/templates.js';
import { loadTemplates } from '../../src/template-store.js';

const partial: Template = {
  name: 'partial', kind: 'transactional',
  channels: {
    email: { ru: { subject: 'Тема', body: 'Текст {{x}}' }, kk: { subject: 'Тақырып', body: 'Мәтін {{x}}' } },
    sms: { ru: { body: 'только по-русски' } },
    voice: { kk: { body: 'қазақша' }, ru: { body: 'по-русски' } },
  },
};

t.test('when a template has the user locale, then it is chosen; when not, then the other one; calls are always Russian', async (t) => {
  const cases: Array<[keyof Template['channels'], 'kk' | 'ru', string | null]> = [
    ['email', 'kk', 'kk'],
    ['email', 'ru', 'ru'],
    ['sms', 'kk', 'ru'], // fallback: no Kazakh SMS text
    ['sms', 'ru', 'ru'],
    ['voice', 'kk', 'ru'], // no Kazakh speech at Twilio
    ['voice', 'ru', 'ru'],
  ];
  for (const [channel, wanted, expected] of cases) t.equal(chooseLocale(partial, channel, wanted), expected, `${channel} ${wanted}`);
  t.equal(chooseLocale({ ...partial, channels: { email: partial.channels.email } }, 'sms', 'kk'), null, 'no text for the channel');
  t.equal(chooseLocale({ ...partial, channels: { voice: { kk: { body: 'x' } } } }, 'voice', 'kk'), null, 'only Kazakh text cannot be spoken');
});

t.test('when variables are filled, then each is replaced and a missing one is an error', async (t) => {
  t.equal(fill('{{a}} и {{b}}, {{a}}', { a: '1', b: '2' }), '1 и 2, 1');
  t.throws(() => fill('{{a}} {{c}}', { a: '1' }), new MissingVariableError('c'));
  t.ok(new MissingVariableError('c') instanceof Error);
  t.same(render(partial, 'sms', 'kk', {}), { locale: 'ru', subject: null, body: 'только по-русски' });
  t.same(render(partial, 'email', 'kk', { x: '5' }), { locale: 'kk', subject: 'Тақырып', body: 'Мәтін 5' });
});

t.test('when every template in data/ is rendered in both locales, then all have text, subjects for e-mail, and no leftover braces', async (t) => {
  const templates = await loadTemplates();
  t.ok(templates.size >= 15, `${templates.size} templates`);
  for (const name of ['welcome', 'session_started', 'session_revoked', 'erasure_scheduled', 'erasure_done', 'offer_published', 'shutdown_notice',
    'payment_received', 'refund_submitted', 'refund_approved', 'refund_rejected', 'refund_paid', 'contest_launched', 'contest_won', 'lead_delivered', 'claim_answered']) {
    t.ok(templates.has(name), `template ${name}`);
  }
  for (const template of templates.values()) {
    for (const [channel, texts] of Object.entries(template.channels)) {
      const vars = Object.fromEntries(Object.values(texts ?? {}).flatMap((c) => [...variablesOf(c!.body), ...variablesOf(c!.subject ?? '')]).map((v) => [v, `<${v}>`]));
      for (const locale of ['kk', 'ru'] as const) {
        const r = render(template, channel as 'email', locale, vars);
        t.ok(r, `${template.name} ${channel} ${locale}`);
        if (channel !== 'voice') t.equal(r!.locale, locale, `${template.name} ${channel} has ${locale} text`);
        t.notMatch(r!.body, /\{\{/);
        if (channel === 'email') t.ok(r!.subject, `${template.name} e-mail subject`);
      }
    }
  }
});

t.test('when a call is made, then the TwiML says the escaped text in Russian', async (t) => {
  t.equal(sayTwiml('A & <b>', 'kk'), '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="ru-RU">A &amp; &lt;b&gt;</Say></Response>');
});
