/**
 * The authored part of the demo bank: History of Kazakhstan and reading literacy cannot be
 * generated. A few well-known facts and one short reading text (written for the demo, not taken
 * from an exam), in Kazakh and Russian.
 */
import type { DemoQuestion, Language } from './generate.js';

export interface DemoContext { key: string; subject: string; language: Language; title: string; text: string }

type Pair<T> = Record<Language, T>;
interface Authored {
  name: string; subject: string; topic: string; kind: 'single' | 'multiple' | 'context'; free?: boolean; contextKey?: string;
  stem: Pair<string>; options: Pair<string[]>; answer: string | string[]; explanation: Pair<string>;
}

const ids = ['a', 'b', 'c', 'd', 'e'];

const HISTORY: Authored[] = [
  {
    name: 'khanate-founded', subject: 'kz-history', topic: 'kazakh-khanate', kind: 'single', free: true, answer: 'a',
    stem: { kk: 'Қазақ хандығы қай жылы құрылды?', ru: 'В каком году было образовано Казахское ханство?' },
    options: { kk: ['1465', '1511', '1731', '1822'], ru: ['1465', '1511', '1731', '1822'] },
    explanation: { kk: 'Қазақ хандығын 1465 жылы Керей мен Жәнібек құрды.', ru: 'Казахское ханство основали Керей и Жанибек в 1465 году.' },
  },
  {
    name: 'khanate-founders', subject: 'kz-history', topic: 'kazakh-khanate', kind: 'multiple', answer: ['a', 'b'],
    stem: { kk: 'Қазақ хандығының негізін қалаушыларды таңдаңыз', ru: 'Выберите основателей Казахского ханства' },
    options: { kk: ['Керей', 'Жәнібек', 'Әмір Темір', 'Шыңғыс хан'], ru: ['Керей', 'Жанибек', 'Тамерлан', 'Чингисхан'] },
    explanation: { kk: 'Хандықты Керей мен Жәнібек сұлтандар құрды.', ru: 'Ханство основали султаны Керей и Жанибек.' },
  },
  {
    name: 'independence', subject: 'kz-history', topic: 'independent-kazakhstan', kind: 'single', answer: 'c',
    stem: { kk: 'Қазақстан Республикасының мемлекеттік тәуелсіздігі туралы заң қашан қабылданды?', ru: 'Когда был принят закон о государственной независимости Республики Казахстан?' },
    options: { kk: ['1990 жылғы 25 қазан', '1991 жылғы 1 желтоқсан', '1991 жылғы 16 желтоқсан', '1995 жылғы 30 тамыз'], ru: ['25 октября 1990 года', '1 декабря 1991 года', '16 декабря 1991 года', '30 августа 1995 года'] },
    explanation: { kk: 'Тәуелсіздік туралы Конституциялық заң 1991 жылғы 16 желтоқсанда қабылданды.', ru: 'Конституционный закон о независимости принят 16 декабря 1991 года.' },
  },
  {
    name: 'constitution', subject: 'kz-history', topic: 'independent-kazakhstan', kind: 'single', answer: 'b',
    stem: { kk: 'Қазіргі Конституция республикалық референдумда қай жылы қабылданды?', ru: 'В каком году действующая Конституция была принята на республиканском референдуме?' },
    options: { kk: ['1993', '1995', '1997', '1998'], ru: ['1993', '1995', '1997', '1998'] },
    explanation: { kk: 'Конституция 1995 жылғы 30 тамызда референдумда қабылданды.', ru: 'Конституция принята на референдуме 30 августа 1995 года.' },
  },
  {
    name: 'tenge', subject: 'kz-history', topic: 'independent-kazakhstan', kind: 'single', answer: 'a',
    stem: { kk: 'Ұлттық валюта — теңге қай жылы айналымға енгізілді?', ru: 'В каком году в обращение введена национальная валюта — тенге?' },
    options: { kk: ['1993', '1991', '1995', '1997'], ru: ['1993', '1991', '1995', '1997'] },
    explanation: { kk: 'Теңге 1993 жылғы 15 қарашада енгізілді.', ru: 'Тенге введён 15 ноября 1993 года.' },
  },
  {
    name: 'capital', subject: 'kz-history', topic: 'independent-kazakhstan', kind: 'single', answer: 'd',
    stem: { kk: 'Елорда Алматыдан Ақмолаға (Астанаға) қай жылы көшірілді?', ru: 'В каком году столица была перенесена из Алматы в Акмолу (Астану)?' },
    options: { kk: ['1991', '1993', '1995', '1997'], ru: ['1991', '1993', '1995', '1997'] },
    explanation: { kk: 'Елорда 1997 жылы көшірілді.', ru: 'Столица перенесена в 1997 году.' },
  },
];

export const DEMO_CONTEXTS: DemoContext[] = [
  {
    key: 'demo/reading/library/kk', subject: 'reading-literacy', language: 'kk', title: 'Мектеп кітапханасы (демо мәтін)',
    text: 'Біздің мектеп кітапханасы жаңа оқу жылында жұмыс уақытын өзгертті. Енді ол дүйсенбіден жұмаға дейін сағат 8:00-ден 17:00-ге дейін, ал сенбіде 10:00-ден 14:00-ге дейін ашық. Оқушы бір мезгілде үш кітапқа дейін ала алады, әр кітапты екі аптаға алады. Кешіктірілген кітап үшін айыппұл жоқ, бірақ кітапты қайтармайынша жаңасын алуға болмайды.',
  },
  {
    key: 'demo/reading/library/ru', subject: 'reading-literacy', language: 'ru', title: 'Школьная библиотека (демо-текст)',
    text: 'В новом учебном году наша школьная библиотека изменила часы работы. Теперь она открыта с понедельника по пятницу с 8:00 до 17:00, а в субботу — с 10:00 до 14:00. Ученик может взять одновременно до трёх книг, каждую на две недели. Штрафа за просроченную книгу нет, но пока книга не возвращена, новую взять нельзя.',
  },
];

const READING: Authored[] = [
  {
    name: 'library-saturday', subject: 'reading-literacy', topic: 'finding-information', kind: 'context', free: true, answer: 'b', contextKey: 'demo/reading/library',
    stem: { kk: 'Сенбі күні кітапхана неше сағат жұмыс істейді?', ru: 'Сколько часов библиотека работает в субботу?' },
    options: { kk: ['3', '4', '8', '9'], ru: ['3', '4', '8', '9'] },
    explanation: { kk: 'Сенбіде 10:00-ден 14:00-ге дейін — 4 сағат.', ru: 'В субботу с 10:00 до 14:00 — 4 часа.' },
  },
  {
    name: 'library-limit', subject: 'reading-literacy', topic: 'finding-information', kind: 'context', answer: 'c', contextKey: 'demo/reading/library',
    stem: { kk: 'Оқушы бір мезгілде ең көбі неше кітап ала алады?', ru: 'Сколько книг ученик может взять одновременно?' },
    options: { kk: ['1', '2', '3', '5'], ru: ['1', '2', '3', '5'] },
    explanation: { kk: 'Мәтінде: үш кітапқа дейін.', ru: 'В тексте: до трёх книг.' },
  },
  {
    name: 'library-late', subject: 'reading-literacy', topic: 'interpreting', kind: 'context', answer: 'a', contextKey: 'demo/reading/library',
    stem: { kk: 'Кітапты кешіктіріп қайтарған оқушыға не болады?', ru: 'Что будет с учеником, который задержал книгу?' },
    options: {
      kk: ['Ол қайтармайынша жаңа кітап ала алмайды', 'Ол айыппұл төлейді', 'Оны кітапханаға кіргізбейді', 'Ештеңе болмайды, жаңа кітап ала береді'],
      ru: ['Он не сможет взять новую книгу, пока не вернёт', 'Он заплатит штраф', 'Его не пустят в библиотеку', 'Ничего, он может брать новые книги'],
    },
    explanation: { kk: 'Айыппұл жоқ, бірақ кітапты қайтармайынша жаңасын алуға болмайды.', ru: 'Штрафа нет, но пока книга не возвращена, новую взять нельзя.' },
  },
];

/** The authored questions in both languages; context tasks name their context by key. */
export function authoredBank(): DemoQuestion[] {
  return [...HISTORY, ...READING].flatMap((a) => (['kk', 'ru'] as const).map((language): DemoQuestion => ({
    key: `demo/${a.subject}/${a.name}/${language}`, subject: a.subject, topic: a.topic, language, kind: a.kind,
    stem: a.stem[language], options: a.options[language].map((text, i) => ({ id: ids[i]!, text })), answer: a.answer,
    explanation: a.explanation[language], free: a.free ?? false, facts: {},
    ...(a.contextKey ? { contextKey: `${a.contextKey}/${language}` } : {}),
  })));
}
