/**
 * Physics questions of the profile section's other kinds, correct by construction from tables of
 * textbook facts: which quantities are vectors (multiple answers) and each quantity's SI unit
 * (matching). The seeded generator only picks which rows a question shows.
 */
import type { QuestionOption } from '../domain/answers.js';
import { hash, seededRandom, shuffle, type DemoQuestion, type Language, type Text } from './generate.js';

interface Quantity { name: Text; vector: boolean; unit: Text | null }

/** Unit null: the quantity is used for the vector question only. */
export const QUANTITIES: Quantity[] = [
  { name: { kk: 'жылдамдық', ru: 'скорость' }, vector: true, unit: { kk: 'м/с', ru: 'м/с' } },
  { name: { kk: 'үдеу', ru: 'ускорение' }, vector: true, unit: { kk: 'м/с²', ru: 'м/с²' } },
  { name: { kk: 'күш', ru: 'сила' }, vector: true, unit: { kk: 'Н (ньютон)', ru: 'Н (ньютон)' } },
  { name: { kk: 'импульс', ru: 'импульс' }, vector: true, unit: { kk: 'кг·м/с', ru: 'кг·м/с' } },
  { name: { kk: 'орын ауыстыру', ru: 'перемещение' }, vector: true, unit: null },
  { name: { kk: 'масса', ru: 'масса' }, vector: false, unit: { kk: 'кг (килограмм)', ru: 'кг (килограмм)' } },
  { name: { kk: 'уақыт', ru: 'время' }, vector: false, unit: { kk: 'с (секунд)', ru: 'с (секунда)' } },
  { name: { kk: 'энергия', ru: 'энергия' }, vector: false, unit: { kk: 'Дж (джоуль)', ru: 'Дж (джоуль)' } },
  { name: { kk: 'қуат', ru: 'мощность' }, vector: false, unit: { kk: 'Вт (ватт)', ru: 'Вт (ватт)' } },
  { name: { kk: 'қысым', ru: 'давление' }, vector: false, unit: { kk: 'Па (паскаль)', ru: 'Па (паскаль)' } },
  { name: { kk: 'температура', ru: 'температура' }, vector: false, unit: null },
  { name: { kk: 'жүрілген жол', ru: 'пройденный путь' }, vector: false, unit: null },
];

const LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** Multiple answers: six quantities, two to four of them vectors; the key is every vector shown. */
export function vectorQuantities(index: number, language: Language): DemoQuestion {
  const rnd = seededRandom(hash(`physics/vectors/${index}`));
  const vectors = shuffle(rnd, QUANTITIES.filter((q) => q.vector)).slice(0, 2 + (index % 3));
  const scalars = shuffle(rnd, QUANTITIES.filter((q) => !q.vector)).slice(0, 6 - vectors.length);
  const shown = shuffle(rnd, [...vectors, ...scalars]);
  const options = shown.map((q, i) => ({ id: LETTERS[i]!, text: q.name[language] }));
  const answer = shown.flatMap((q, i) => (q.vector ? [LETTERS[i]!] : []));
  const named = vectors.map((q) => q.name[language]).join(', ');
  return {
    key: `demo/physics/vectors/${index}/${language}`, subject: 'physics', topic: 'physical-quantities', language, kind: 'multiple',
    stem: language === 'kk' ? 'Векторлық шамаларды таңдаңыз' : 'Выберите векторные величины',
    options, answer,
    explanation: language === 'kk' ? `Бағыты бар шамалар векторлық: ${named}.` : `Векторные величины имеют направление: ${named}.`,
    free: false, facts: { vectors: vectors.length },
  };
}

/** Matching: three quantities to their SI units, with one unit left over. */
export function siUnits(index: number, language: Language): DemoQuestion {
  const rnd = seededRandom(hash(`physics/units/${index}`));
  const withUnits = QUANTITIES.filter((q) => q.unit !== null);
  const [a, b, c, spare] = shuffle(rnd, withUnits);
  const pairs = [a!, b!, c!];
  const rights = shuffle(rnd, [...pairs, spare!]);
  const options: QuestionOption[] = [
    ...pairs.map((q, i) => ({ id: `l${i + 1}`, text: q.name[language], side: 'left' as const })),
    ...rights.map((q, i) => ({ id: `r${i + 1}`, text: q.unit![language], side: 'right' as const })),
  ];
  const answer = Object.fromEntries(pairs.map((q, i) => [`l${i + 1}`, `r${rights.indexOf(q) + 1}`]));
  return {
    key: `demo/physics/units/${index}/${language}`, subject: 'physics', topic: 'physical-quantities', language, kind: 'matching',
    stem: language === 'kk' ? 'Физикалық шаманы оның ХБЖ-дағы (SI) өлшем бірлігімен сәйкестендіріңіз' : 'Сопоставьте физическую величину с её единицей в СИ',
    options, answer, explanation: pairs.map((q) => `${q.name[language]} — ${q.unit![language]}`).join('; '), free: false, facts: {},
  };
}
