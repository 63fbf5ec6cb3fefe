import t from 'tap';
import { loadOffer, OfferVersionNotFound, parseManifest } from '../../src/domain/offer-text.js';

t.test('when version 1 is loaded, then both texts and the publication instant come from the data folder', async (t) => {
  const offer = await loadOffer(1);
  t.equal(offer.version, 1);
  t.equal(offer.publishedAt, '2026-01-01T00:00:00Z');
  t.match(offer.text.ru, /^ПУБЛИЧНАЯ ОФЕРТА\n/);
  t.match(offer.text.kk, /^JOO\.KZ ақпараттық-талдау порталына рұқсат беру/);
  t.notMatch(offer.text.ru, /ЖАРИЯ ОФЕРТА|Серіктестік/, 'no Kazakh text in the Russian part');
  t.notMatch(offer.text.kk, /ПУБЛИЧНАЯ ОФЕРТА|Товарищество/, 'no Russian text in the Kazakh part');
});

t.test('when no version is given, then version 1 is loaded', async (t) => {
  t.equal((await loadOffer()).version, 1);
});

const clauses = [
  ['ru', '6.1.6. пользоваться своим логином и паролем для доступа в систему одновременно более, чем на трех электронных устройствах'],
  ['ru', 'Удаление персональных данных из информационно-аналитического портала осуществляется в месяце, следующем за месяцем соответствующего обращения.'],
  ['ru', '3.2.1. зарегистрироваться в Приложении путем заполнения всех необходимых полей регистрационной формы (ФИО, регион, пароль, email, номер сотового телефона)'],
  ['ru', 'результаты конкурса на государственный образовательный грант, данные из заявки на конкурс государственного образовательного гранта)'],
  ['kk', '6.1.6. Пайдаланушы Контентті көру үшін пайдаланатын (мысалы, компьютер, планшет және смартфон) үш электрондық құрылғыдан артық'],
  ['kk', 'Ақпараттық-талдау порталынан дербес деректерді жою тиісті өтініш жасалған айдан кейінгі айда жүзеге асырылады.'],
] as const;
for (const [lang, clause] of clauses) {
  t.test(`when the ${lang} text is read, then it holds "${clause.slice(0, 50)}…" on one line`, async (t) => {
    const offer = await loadOffer(1);
    t.ok(offer.text[lang].includes(clause));
  });
}

t.test('when the texts are read, then whitespace is tidy: no trailing spaces, no runs of blank lines, one final newline', async (t) => {
  const { text } = await loadOffer(1);
  for (const body of [text.ru, text.kk]) {
    t.notMatch(body, /[ \t\u00a0]\n/);
    t.notMatch(body, /\n\n\n/);
    t.notMatch(body, / {2}/);
    t.match(body, /[^\n]\n$/);
  }
});

for (const version of [2, 0, -1, 1.5, Number.NaN]) {
  t.test(`when version ${version} is asked for, then OfferVersionNotFound is thrown`, async (t) => {
    await t.rejects(loadOffer(version), OfferVersionNotFound);
    await t.rejects(loadOffer(version), { code: 'OFFER_VERSION_NOT_FOUND', version });
  });
}

const badManifests = [
  ['[]', 'not an object'],
  ['{"version": 2, "publishedAt": "2026-01-01T00:00:00Z", "files": {"ru": "a", "kk": "b"}}', 'states version 2'],
  ['{"version": 1, "publishedAt": "2026-01-01", "files": {"ru": "a", "kk": "b"}}', 'publishedAt'],
  ['{"version": 1, "publishedAt": "2026-02-30T00:00:00Z", "files": {"ru": "a", "kk": "b"}}', 'publishedAt'],
  ['{"version": 1, "publishedAt": "2026-01-01T00:00:00Z"}', 'no files'],
  ['{"version": 1, "publishedAt": "2026-01-01T00:00:00Z", "files": {"ru": "a"}}', 'files.ru and files.kk'],
] as const;
for (const [json, message] of badManifests) {
  t.test(`when the manifest is ${json.slice(0, 50)}…, then it is refused (${message})`, async (t) => {
    t.throws(() => parseManifest(json, 1), new RegExp(message));
  });
}
