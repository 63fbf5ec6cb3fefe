/**
 * The demo bank's generated questions: mathematics, physics and mathematical literacy, each with
 * its answer computed from the numbers drawn, in Kazakh and Russian. Deterministic (a seeded
 * generator), so every `pnpm start` seeds the same questions under the same keys.
 */
import type { Answer, QuestionOption } from '../domain/answers.js';
import type { QuestionKind } from '../domain/format.js';

export type Language = 'kk' | 'ru';

export interface DemoQuestion {
  /** stable key: the seed skips a question whose key it stored before */
  key: string;
  subject: string;
  topic: string;
  language: Language;
  kind: QuestionKind;
  stem: string;
  options: QuestionOption[];
  answer: Answer;
  explanation: string;
  free: boolean;
  contextKey?: string;
  /** the numbers the question was made from, so a test can compute the answer again */
  facts: Record<string, number>;
}

/** A shared text (or table, described in text) several context tasks are asked about. */
export interface DemoContext { key: string; subject: string; language: Language; title: string; text: string }

/** mulberry32: a small seeded generator, enough to vary demo numbers reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const between = (rnd: () => number, min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));

/** Fisher–Yates with the seeded generator, so the order is the same on every run. */
export function shuffle<T>(rnd: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Four options: the right value and three distinct wrong ones near it, in a shuffled order. */
export function numericOptions(rnd: () => number, right: number, unit = ''): { options: QuestionOption[]; answer: string } {
  const step = Math.max(1, Math.round(Math.abs(right) * 0.1));
  const values = new Set([right]);
  for (const delta of [1, -1, 2, -2, 3, -3, 4, 5, 6, 7]) {
    const wrong = right + delta * step * between(rnd, 1, 2);
    if (values.size < 4 && (right < 0 || wrong >= 0)) values.add(wrong);
  }
  const ordered = shuffle(rnd, [...values]);
  const ids = ['a', 'b', 'c', 'd'];
  return {
    options: ordered.map((v, i) => ({ id: ids[i]!, text: `${v}${unit}` })),
    answer: ids[ordered.indexOf(right)]!,
  };
}

export type Text = Record<Language, string>;
export interface Made { topic: string; stem: Text; explanation: Text; right: number; unit?: Text; facts: Record<string, number> }

export const single = (subject: string, name: string, make: (rnd: () => number) => Made) =>
  (index: number, language: Language): DemoQuestion => {
    const rnd = seededRandom(hash(`${subject}/${name}/${index}`));
    const m = make(rnd);
    const { options, answer } = numericOptions(rnd, m.right, m.unit?.[language] ?? '');
    return {
      key: `demo/${subject}/${name}/${index}/${language}`, subject, topic: m.topic, language, kind: 'single',
      stem: m.stem[language], options, answer, explanation: m.explanation[language], free: index === 0, facts: m.facts,
    };
  };

export function hash(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

export const linearEquation = single('math', 'linear', (rnd) => {
  const a = between(rnd, 2, 9); const x = between(rnd, -9, 15); const b = between(rnd, 1, 30); const c = a * x + b;
  return {
    topic: 'linear-equations', right: x, facts: { a, b, c },
    stem: { kk: `Теңдеуді шешіңіз: ${a}x + ${b} = ${c}`, ru: `Решите уравнение: ${a}x + ${b} = ${c}` },
    explanation: { kk: `${a}x = ${c} − ${b} = ${c - b}, x = ${x}`, ru: `${a}x = ${c} − ${b} = ${c - b}, x = ${x}` },
  };
});

export const progression = single('math', 'progression', (rnd) => {
  const first = between(rnd, -5, 20); const d = between(rnd, 2, 7); const n = between(rnd, 6, 20); const term = first + (n - 1) * d;
  return {
    topic: 'arithmetic-progression', right: term, facts: { first, d, n },
    stem: {
      kk: `Арифметикалық прогрессияда a₁ = ${first}, d = ${d}. a${n} неге тең?`,
      ru: `В арифметической прогрессии a₁ = ${first}, d = ${d}. Найдите a${n}.`,
    },
    explanation: { kk: `aₙ = a₁ + (n − 1)d = ${first} + ${n - 1}·${d} = ${term}`, ru: `aₙ = a₁ + (n − 1)d = ${first} + ${n - 1}·${d} = ${term}` },
  };
});

export const speed = single('physics', 'speed', (rnd) => {
  const v = between(rnd, 2, 30); const t = between(rnd, 2, 12); const s = v * t;
  return {
    topic: 'kinematics', right: v, unit: { kk: ' м/с', ru: ' м/с' }, facts: { s, t },
    stem: { kk: `Дене ${t} с ішінде ${s} м жүрді. Оның орташа жылдамдығы қандай?`, ru: `Тело прошло ${s} м за ${t} с. Какова его средняя скорость?` },
    explanation: { kk: `v = s / t = ${s} / ${t} = ${v} м/с`, ru: `v = s / t = ${s} / ${t} = ${v} м/с` },
  };
});

export const ohm = single('physics', 'ohm', (rnd) => {
  const i = between(rnd, 1, 12); const r = between(rnd, 2, 40); const u = i * r;
  return {
    topic: 'electric-current', right: i, unit: { kk: ' А', ru: ' А' }, facts: { u, r },
    stem: { kk: `Кедергісі ${r} Ом өткізгіштің ұштарындағы кернеу ${u} В. Ток күші қандай?`, ru: `Напряжение на концах проводника сопротивлением ${r} Ом равно ${u} В. Какова сила тока?` },
    explanation: { kk: `I = U / R = ${u} / ${r} = ${i} А`, ru: `I = U / R = ${u} / ${r} = ${i} А` },
  };
});

export const newton = single('physics', 'newton', (rnd) => {
  const m = between(rnd, 2, 50); const a = between(rnd, 1, 10); const f = m * a;
  return {
    topic: 'dynamics', right: f, unit: { kk: ' Н', ru: ' Н' }, facts: { m, a },
    stem: { kk: `Массасы ${m} кг денеге ${a} м/с² үдеу беретін күш қандай?`, ru: `Какая сила сообщает телу массой ${m} кг ускорение ${a} м/с²?` },
    explanation: { kk: `F = m·a = ${m}·${a} = ${f} Н`, ru: `F = m·a = ${m}·${a} = ${f} Н` },
  };
});

export const discount = single('math-literacy', 'discount', (rnd) => {
  const price = between(rnd, 4, 60) * 500; const percent = [10, 20, 25, 30, 40, 50][between(rnd, 0, 5)]!; const paid = price - (price * percent) / 100;
  return {
    topic: 'percentages', right: paid, unit: { kk: ' ₸', ru: ' ₸' }, facts: { price, percent },
    stem: { kk: `Бағасы ${price} ₸ тауарға ${percent}% жеңілдік жасалды. Енді ол қанша тұрады?`, ru: `На товар ценой ${price} ₸ сделали скидку ${percent}%. Сколько он стоит теперь?` },
    explanation: { kk: `${price} − ${price}·${percent}/100 = ${paid} ₸`, ru: `${price} − ${price}·${percent}/100 = ${paid} ₸` },
  };
});

export const unitPrice = single('math-literacy', 'unit-price', (rnd) => {
  const each = between(rnd, 2, 40) * 10; const count = between(rnd, 3, 12); const total = each * count;
  return {
    topic: 'proportions', right: each, unit: { kk: ' ₸', ru: ' ₸' }, facts: { total, count },
    stem: { kk: `${count} дәптер ${total} ₸ тұрады. Бір дәптер қанша тұрады?`, ru: `${count} тетрадей стоят ${total} ₸. Сколько стоит одна тетрадь?` },
    explanation: { kk: `${total} / ${count} = ${each} ₸`, ru: `${total} / ${count} = ${each} ₸` },
  };
});

/** Multiple answers: which of six numbers divide N (at least one does, at least one does not). */
export function divisors(index: number, language: Language): DemoQuestion {
  const rnd = seededRandom(hash(`math/divisors/${index}`));
  const n = [36, 48, 60, 72, 84, 90, 96, 120][index % 8]!;
  const candidates = shuffle(rnd, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).slice(0, 6).sort((a, b) => a - b);
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  const answer = candidates.flatMap((c, i) => (n % c === 0 ? [ids[i]!] : []));
  return {
    key: `demo/math/divisors/${index}/${language}`, subject: 'math', topic: 'divisibility', language, kind: 'multiple',
    stem: language === 'kk' ? `${n} санының бөлгіштерін таңдаңыз` : `Выберите делители числа ${n}`,
    options: candidates.map((c, i) => ({ id: ids[i]!, text: String(c) })), answer,
    explanation: language === 'kk' ? `${n} саны ${candidates.filter((c) => n % c === 0).join(', ')} сандарына қалдықсыз бөлінеді` : `${n} делится без остатка на ${candidates.filter((c) => n % c === 0).join(', ')}`,
    free: false, facts: { n },
  };
}

/** Matching: three expressions to their values, with one value left over. */
export function expressions(index: number, language: Language): DemoQuestion {
  const rnd = seededRandom(hash(`math/expressions/${index}`));
  const pairs: Array<[string, number]> = [];
  while (pairs.length < 3) {
    const a = between(rnd, 2, 12); const b = between(rnd, 2, 12);
    const [text, value] = [[`${a} + ${b}`, a + b], [`${a} · ${b}`, a * b], [`${a * b} : ${b}`, a]][pairs.length] as [string, number];
    if (!pairs.some(([, v]) => v === value)) pairs.push([text, value]);
  }
  let spare = between(rnd, 1, 150);
  while (pairs.some(([, v]) => v === spare)) spare += 1;
  const rights = [...pairs.map(([, v]) => v), spare].sort((x, y) => x - y);
  const options: QuestionOption[] = [
    ...pairs.map(([text], i) => ({ id: `l${i + 1}`, text, side: 'left' as const })),
    ...rights.map((v, i) => ({ id: `r${i + 1}`, text: String(v), side: 'right' as const })),
  ];
  const answer = Object.fromEntries(pairs.map(([, v], i) => [`l${i + 1}`, `r${rights.indexOf(v) + 1}`]));
  return {
    key: `demo/math/expressions/${index}/${language}`, subject: 'math', topic: 'arithmetic', language, kind: 'matching',
    stem: language === 'kk' ? 'Өрнекті оның мәнімен сәйкестендіріңіз' : 'Сопоставьте выражение с его значением',
    options, answer, explanation: pairs.map(([t, v]) => `${t} = ${v}`).join('; '), free: false, facts: { spare },
  };
}

export const power = single('math', 'power', (rnd) => {
  const base = between(rnd, 2, 5); const n = between(rnd, 2, base === 2 ? 10 : 5); const value = base ** n;
  return {
    topic: 'powers', right: value, facts: { base, n },
    stem: { kk: `${base}${superscript(n)} өрнегінің мәнін табыңыз`, ru: `Найдите значение выражения ${base}${superscript(n)}` },
    explanation: { kk: `${base} санын ${n} рет өзіне көбейтеміз: ${value}`, ru: `${base} умножаем само на себя ${n} раз: ${value}` },
  };
});

export const linearSystem = single('math', 'system', (rnd) => {
  const x = between(rnd, 2, 30); const y = between(rnd, 1, x - 1); const sum = x + y; const difference = x - y;
  return {
    topic: 'systems-of-equations', right: x, facts: { sum, difference },
    stem: { kk: `Теңдеулер жүйесін шешіңіз: x + y = ${sum}, x − y = ${difference}. x неге тең?`, ru: `Решите систему уравнений: x + y = ${sum}, x − y = ${difference}. Чему равен x?` },
    explanation: { kk: `Теңдеулерді қоссақ: 2x = ${sum + difference}, x = ${x}`, ru: `Сложим уравнения: 2x = ${sum + difference}, x = ${x}` },
  };
});

export const triangleArea = single('math', 'triangle-area', (rnd) => {
  const base = between(rnd, 2, 15) * 2; const height = between(rnd, 3, 20); const area = (base * height) / 2;
  return {
    topic: 'planimetry', right: area, unit: { kk: ' см²', ru: ' см²' }, facts: { base, height },
    stem: { kk: `Үшбұрыштың табаны ${base} см, оған жүргізілген биіктігі ${height} см. Үшбұрыштың ауданы қандай?`, ru: `Основание треугольника ${base} см, высота, проведённая к нему, ${height} см. Найдите площадь треугольника.` },
    explanation: { kk: `S = a·h / 2 = ${base}·${height} / 2 = ${area} см²`, ru: `S = a·h / 2 = ${base}·${height} / 2 = ${area} см²` },
  };
});

export const density = single('physics', 'density', (rnd) => {
  const rho = between(rnd, 2, 30) * 100; const volume = between(rnd, 2, 8); const mass = rho * volume;
  return {
    topic: 'density', right: rho, unit: { kk: ' кг/м³', ru: ' кг/м³' }, facts: { mass, volume },
    stem: { kk: `Көлемі ${volume} м³ дененің массасы ${mass} кг. Заттың тығыздығы қандай?`, ru: `Масса тела объёмом ${volume} м³ равна ${mass} кг. Какова плотность вещества?` },
    explanation: { kk: `ρ = m / V = ${mass} / ${volume} = ${rho} кг/м³`, ru: `ρ = m / V = ${mass} / ${volume} = ${rho} кг/м³` },
  };
});

export const work = single('physics', 'work', (rnd) => {
  const force = between(rnd, 5, 60); const distance = between(rnd, 2, 25); const joules = force * distance;
  return {
    topic: 'work-and-energy', right: joules, unit: { kk: ' Дж', ru: ' Дж' }, facts: { force, distance },
    stem: {
      kk: `Дене ${force} Н күштің әсерінен күш бағытымен ${distance} м орын ауыстырды. Күштің атқарған жұмысы қандай?`,
      ru: `Под действием силы ${force} Н тело переместилось на ${distance} м в направлении силы. Какую работу совершила сила?`,
    },
    explanation: { kk: `A = F·s = ${force}·${distance} = ${joules} Дж`, ru: `A = F·s = ${force}·${distance} = ${joules} Дж` },
  };
});

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
function superscript(n: number): string {
  return [...String(n)].map((d) => SUPERSCRIPTS[Number(d)]).join('');
}

/** The generators of single questions and the other kinds; demo/bank.ts assembles the bank. */
export const GENERATORS = { linearEquation, progression, power, linearSystem, triangleArea, speed, ohm, newton, density, work, discount, unitPrice, divisors, expressions };
