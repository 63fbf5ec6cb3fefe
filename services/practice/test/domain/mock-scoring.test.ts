import t from 'tap';
import type { Answer } from '../../src/domain/answers.js';
import { paperSlots } from '../../src/domain/mock-paper.js';
import { scoreMock, type ScoredTask } from '../../src/domain/mock-scoring.js';
import { loadFormats } from '../../src/format-files.js';

const format = loadFormats().find((f) => f.id === 'unt-2026')!;
const KEYS: Record<string, Answer> = { single: 'a', context: 'a', multiple: ['a', 'c'], matching: { l1: 'r1', l2: 'r2' } };

/** The 120 tasks of a math–physics mock, three topics per subject. */
function paper(): ScoredTask[] {
  return paperSlots(format, ['math', 'physics']).flatMap((slot) => Array.from({ length: slot.count }, (_, i) => ({
    questionId: `${slot.section}-${slot.kind}-${i}`, section: slot.section, subject: slot.subject, topic: `topic-${i % 3}`,
    kind: slot.kind, key: KEYS[slot.kind]!, annulled: false,
  })));
}

const allRight = (tasks: ScoredTask[]) => new Map(tasks.map((x) => [x.questionId, x.key]));

t.test('when every task of a 120-task mock is right, then it scores 140 with each subject at its maximum', async (t) => {
  const tasks = paper();
  t.equal(tasks.length, 120);
  const r = scoreMock(format, ['math', 'physics'], tasks, allRight(tasks));
  t.equal(r.total, 140);
  t.equal(r.max, 140);
  t.same(r.subjects.map((s) => [s.subject, s.score, s.max, s.minimum, s.passed]), [
    ['kz-history', 20, 20, 5, true], ['reading-literacy', 10, 10, 3, true], ['math-literacy', 10, 10, 3, true],
    ['math', 50, 50, 5, true], ['physics', 50, 50, 5, true],
  ]);
  t.equal(r.topics.reduce((n, x) => n + x.of, 0), 120);
  t.ok(r.topics.every((x) => x.correct === x.of));
});

t.test('when nothing is answered, then it scores 0, fails every minimum and keeps the maximum', async (t) => {
  const r = scoreMock(format, ['math', 'physics'], paper(), new Map());
  t.equal(r.total, 0);
  t.equal(r.max, 140);
  t.ok(r.subjects.every((s) => !s.passed));
  t.ok(r.topics.every((x) => x.correct === 0));
});

t.test('when multiple and matching answers have one mistake, then they earn 1 of 2; two mistakes earn 0', async (t) => {
  const tasks = paper();
  const answers = allRight(tasks);
  const multiple = tasks.filter((x) => x.kind === 'multiple' && x.subject === 'math');
  answers.set(multiple[0]!.questionId, ['a']); // one missed
  answers.set(multiple[1]!.questionId, ['a', 'b', 'c']); // one extra
  answers.set(multiple[2]!.questionId, ['b', 'd']); // four mistakes
  const matching = tasks.find((x) => x.kind === 'matching' && x.subject === 'physics')!;
  answers.set(matching.questionId, { l1: 'r1' }); // one left unmapped
  const r = scoreMock(format, ['math', 'physics'], tasks, answers);
  t.same(r.subjects.find((s) => s.subject === 'math')!.score, 50 - 1 - 1 - 2);
  t.same(r.subjects.find((s) => s.subject === 'physics')!.score, 49);
  t.equal(r.total, 140 - 5);
});

t.test('when a task is annulled, then it earns its full points whatever was answered', async (t) => {
  const tasks = paper().map((x, i) => (i === 0 ? { ...x, annulled: true } : x));
  const answers = allRight(tasks);
  answers.set(tasks[0]!.questionId, 'b');
  const unanswered = new Map(answers);
  unanswered.delete(tasks[0]!.questionId);
  t.equal(scoreMock(format, ['math', 'physics'], tasks, answers).total, 140);
  t.equal(scoreMock(format, ['math', 'physics'], tasks, unanswered).total, 140);
});

t.test('when a subject is below its minimum, then it has not passed though the total may be high', async (t) => {
  const tasks = paper();
  const answers = allRight(tasks);
  for (const x of tasks.filter((x) => x.subject === 'kz-history').slice(0, 16)) answers.delete(x.questionId);
  const r = scoreMock(format, ['math', 'physics'], tasks, answers);
  t.match(r.subjects[0], { subject: 'kz-history', score: 4, minimum: 5, passed: false });
  t.equal(r.total, 124);
});

t.test('when a 120-task attempt is scored, then it takes well under 20 ms of CPU', async (t) => {
  const tasks = paper();
  const answers = allRight(tasks);
  for (let i = 0; i < 50; i++) scoreMock(format, ['math', 'physics'], tasks, answers); // warm up
  const runs = 200;
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) scoreMock(format, ['math', 'physics'], tasks, answers);
  const { user, system } = process.cpuUsage(cpu);
  const perAttemptMs = (user + system) / 1000 / runs;
  t.comment(`scoring CPU per 120-task attempt: ${perAttemptMs.toFixed(3)} ms`);
  t.ok(perAttemptMs < 20, `${perAttemptMs.toFixed(3)} ms < 20 ms`);
});
