import { readFileSync } from 'node:fs';
import t from 'tap';
import { answerProblems, optionProblems } from '../../src/domain/answers.js';
import { demoBank, generatedContextSets } from '../../src/demo/bank.js';
import type { FormatDocument } from '../../src/domain/format.js';

const format = JSON.parse(readFileSync(new URL('../../data/formats/unt-2026.json', import.meta.url), 'utf8')) as FormatDocument;
const number = (text: string) => Number(text.replace(/[^\d-]/g, ''));

t.test('when a newcomer sits a mock with the pair mathematics–physics, then the demo bank has every task of the format in kk and in ru', async (t) => {
  const { questions } = demoBank();
  const profilePair = ['math', 'physics'];
  for (const language of ['kk', 'ru'] as const) {
    let profile = 0;
    for (const section of format.sections) {
      const subjects = section.subject ? [section.subject] : [profilePair[profile++]!];
      for (const subject of subjects) {
        for (const task of section.tasks) {
          const held = questions.filter((q) => q.subject === subject && q.language === language && q.kind === task.kind).length;
          t.ok(held >= task.count, `${section.key} (${subject}, ${language}): ${held} ${task.kind} tasks for the format's ${task.count}`);
        }
      }
    }
  }
});

t.test('when the bank is read in both languages, then each subject, topic and kind has as many questions in kk as in ru', async (t) => {
  const count = (language: string) => {
    const by = new Map<string, number>();
    for (const q of demoBank().questions.filter((x) => x.language === language)) by.set(`${q.subject}/${q.topic}/${q.kind}`, (by.get(`${q.subject}/${q.topic}/${q.kind}`) ?? 0) + 1);
    return Object.fromEntries([...by].sort());
  };
  t.same(count('kk'), count('ru'));
});

t.test('when the bank is seeded, then every question is valid and every context task names a context of its subject and language', async (t) => {
  const { questions, contexts } = demoBank();
  const byKey = new Map(contexts.map((c) => [c.key, c]));
  t.equal(byKey.size, contexts.length, 'context keys are unique');
  t.equal(new Set(questions.map((q) => q.key)).size, questions.length, 'question keys are unique');
  for (const q of questions) {
    t.same([...optionProblems(q.kind, q.options), ...answerProblems(q.kind, q.options, q.answer)], [], `${q.key} is valid`);
    if (q.kind === 'context') {
      const context = byKey.get(q.contextKey ?? '');
      t.match(context, { subject: q.subject, language: q.language }, `${q.key}: its context is there`);
    } else {
      t.equal(q.contextKey, undefined, `${q.key}: only context tasks name a context`);
    }
  }
  t.ok(contexts.every((c) => /демо/.test(c.title)), 'every context is marked demo in its title');
});

t.test('when a generated situation is asked about, then each answer is computed again from its numbers', async (t) => {
  const recompute: Record<string, Array<(f: Record<string, number>) => number>> = {
    'geometry-in-context': [(f) => f.length! * f.width!, (f) => 2 * (f.length! + f.width!), (f) => 2 * (f.length! + f.width!) * f.price!],
    'kinematics-in-context': [(f) => f.a! * f.t!, (f) => (f.a! * f.t! * f.t!) / 2, (f) => (f.mass! * (f.a! * f.t!) ** 2) / 2],
  };
  const sets = generatedContextSets();
  t.ok(sets.length >= 4);
  for (const { context, questions } of sets) {
    for (const q of questions) {
      const right = q.options.find((o) => o.id === q.answer)!.text;
      t.equal(number(right), recompute[q.topic]![q.facts.asked!]!(q.facts), `${q.key}: ${q.stem} → ${right}`);
      t.equal(new Set(q.options.map((o) => number(o.text))).size, q.options.length, `${q.key}: no two options have one value`);
      for (const value of Object.entries(q.facts).filter(([k]) => k !== 'asked').map(([, v]) => String(v))) {
        t.ok(context.text.includes(value), `${context.key} states ${value}`);
      }
    }
  }
});
