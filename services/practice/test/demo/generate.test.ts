import t from 'tap';
import { answerProblems, optionProblems } from '../../src/domain/answers.js';
import { authoredBank } from '../../src/demo/authored.js';
import { generatedBank, QUESTION_GENERATORS } from '../../src/demo/bank.js';
import type { DemoQuestion } from '../../src/demo/generate.js';
import { QUANTITIES } from '../../src/demo/physics-kinds.js';

const number = (text: string) => Number(text.replace(/[^\d-]/g, ''));
const rightText = (q: DemoQuestion) => q.options.find((o) => o.id === q.answer)!.text;

/** Each topic's answer computed again here, from the facts, without the generator's code. */
const recompute: Record<string, (f: Record<string, number>) => number> = {
  'linear-equations': (f) => (f.c! - f.b!) / f.a!,
  'arithmetic-progression': (f) => f.first! + (f.n! - 1) * f.d!,
  kinematics: (f) => f.s! / f.t!,
  'electric-current': (f) => f.u! / f.r!,
  dynamics: (f) => f.m! * f.a!,
  percentages: (f) => f.price! * (1 - f.percent! / 100),
  proportions: (f) => f.total! / f.count!,
  powers: (f) => f.base! ** f.n!,
  'systems-of-equations': (f) => (f.sum! + f.difference!) / 2,
  planimetry: (f) => (f.base! * f.height!) / 2,
  density: (f) => f.mass! / f.volume!,
  'work-and-energy': (f) => f.force! * f.distance!,
};

/** The textbook facts again, by the Russian name, written here apart from the generator's table. */
const VECTORS = new Set(['скорость', 'ускорение', 'сила', 'импульс', 'перемещение']);
const SI_UNIT: Record<string, string> = { скорость: 'м/с', ускорение: 'м/с²', сила: 'Н', импульс: 'кг·м/с', масса: 'кг', время: 'с', энергия: 'Дж', мощность: 'Вт', давление: 'Па' };
const russianName = (text: string) => QUANTITIES.find((q) => q.name.kk === text || q.name.ru === text)!.name.ru;

t.test('when the demo bank is generated, then every computed answer is right', async (t) => {
  const bank = generatedBank();
  t.equal(bank.length, Object.keys(QUESTION_GENERATORS).length * 6 * 2, 'six of each generator in kk and in ru');
  let checked = 0;
  for (const q of bank) {
    t.same(optionProblems(q.kind, q.options), [], `${q.key}: options`);
    t.same(answerProblems(q.kind, q.options, q.answer), [], `${q.key}: the key fits the kind`);
    const formula = recompute[q.topic];
    if (formula) {
      t.equal(number(rightText(q)), formula(q.facts), `${q.key}: ${q.stem} → ${rightText(q)}`);
      t.equal(new Set(q.options.map((o) => number(o.text))).size, q.options.length, `${q.key}: no option repeats the value of another`);
    } else if (q.topic === 'divisibility') {
      const chosen = new Set(q.answer as string[]);
      for (const o of q.options) t.equal(chosen.has(o.id), q.facts.n! % Number(o.text) === 0, `${q.key}: ${o.text} divides ${q.facts.n}?`);
      t.ok(chosen.size >= 1 && chosen.size < q.options.length, `${q.key}: some but not all divide`);
    } else if (q.topic === 'arithmetic') {
      for (const [left, right] of Object.entries(q.answer as Record<string, string>)) {
        const expression = q.options.find((o) => o.id === left)!.text;
        const [a, op, b] = expression.split(' ');
        const value = op === '+' ? Number(a) + Number(b) : op === '·' ? Number(a) * Number(b) : Number(a) / Number(b);
        t.equal(Number(q.options.find((o) => o.id === right)!.text), value, `${q.key}: ${expression}`);
      }
    } else if (q.topic === 'physical-quantities' && q.kind === 'multiple') {
      const chosen = new Set(q.answer as string[]);
      for (const o of q.options) t.equal(chosen.has(o.id), VECTORS.has(russianName(o.text)), `${q.key}: is ${o.text} a vector?`);
      t.ok(chosen.size >= 1 && chosen.size < q.options.length, `${q.key}: some but not all are vectors`);
    } else if (q.topic === 'physical-quantities' && q.kind === 'matching') {
      for (const [left, right] of Object.entries(q.answer as Record<string, string>)) {
        const quantity = russianName(q.options.find((o) => o.id === left)!.text);
        t.equal(q.options.find((o) => o.id === right)!.text.split(' ')[0], SI_UNIT[quantity], `${q.key}: the unit of ${quantity}`);
      }
    } else {
      t.fail(`${q.key}: no check for topic ${q.topic}`);
    }
    checked += 1;
  }
  t.equal(checked, bank.length);
});

t.test('when the bank is generated twice, then it is the same, with unique keys', async (t) => {
  t.same(generatedBank(), generatedBank());
  const keys = [...generatedBank(), ...authoredBank()].map((q) => q.key);
  t.equal(new Set(keys).size, keys.length);
});

t.test('when the authored questions are read, then each key fits its kind and both languages are there', async (t) => {
  const authored = authoredBank();
  for (const q of authored) t.same(answerProblems(q.kind, q.options, q.answer), [], q.key);
  t.same([...new Set(authored.map((q) => q.subject))].sort(), ['kz-history', 'reading-literacy']);
  t.equal(authored.filter((q) => q.language === 'kk').length, authored.filter((q) => q.language === 'ru').length);
});
