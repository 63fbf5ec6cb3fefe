import t from 'tap';
import { formatInForce, formatProblems, formatTotals, type FormatDocument } from '../../src/domain/format.js';
import { loadFormats } from '../../src/format-files.js';

t.test('when the 2026 format is read, then it is valid and totals 120 tasks, 140 points in 240 minutes', async (t) => {
  const formats = loadFormats();
  const unt2026 = formats.find((f) => f.id === 'unt-2026');
  t.ok(unt2026, 'data/formats/unt-2026.json is there');
  const totals = formatTotals(unt2026!);
  t.equal(totals.tasks, 120);
  t.equal(totals.maxPoints, 140);
  t.equal(totals.durationMinutes, 240);
  t.same(totals.sections.map((s) => [s.key, s.tasks, s.maxPoints]), [
    ['kz-history', 20, 20], ['reading-literacy', 10, 10], ['math-literacy', 10, 10], ['profile-1', 40, 50], ['profile-2', 40, 50],
  ]);
  t.same(unt2026!.sections.map((s) => s.minimumPoints), [5, 3, 3, 5, 5], 'the per-subject minimums of SOURCES.md');
  t.equal(unt2026!.appealWindowMinutes, 30);
  t.ok(unt2026!.allowedTools.includes('calculator') && unt2026!.allowedTools.includes('periodic-table'));
  t.same(unt2026!.scoring.multiple, { rule: 'mistakes', points: 2, pointsPerMistake: 1 });
});

const base = (): FormatDocument => structuredClone(loadFormats().find((f) => f.id === 'unt-2026')!);

t.test('when a format breaks a rule the schema cannot say, then each problem is named', async (t) => {
  const doc = base();
  doc.sections[1]!.key = doc.sections[0]!.key;
  doc.sections[2]!.minimumPoints = 11;
  doc.sections[3]!.subject = 'math';
  doc.thresholds[0]!.minimumTotal = 141;
  t.same(formatProblems(doc).map((p) => p.split(':')[0]), ['sections/1', 'sections/2', 'sections/3', 'thresholds/0']);
  t.same(formatProblems(base()), []);
});

t.test('when several formats exist, then the one in force is the latest effective one not in the future', async (t) => {
  const docs = [
    { effectiveFrom: '2025-01-01T00:00:00+05:00', version: 1, id: 'a' },
    { effectiveFrom: '2026-01-01T00:00:00+05:00', version: 1, id: 'b' },
    { effectiveFrom: '2026-01-01T00:00:00+05:00', version: 2, id: 'c' },
    { effectiveFrom: '2027-01-01T00:00:00+05:00', version: 1, id: 'd' },
  ];
  t.equal(formatInForce(docs, new Date('2024-06-01T00:00:00Z')), undefined);
  t.equal(formatInForce(docs, new Date('2025-06-01T00:00:00Z'))?.id, 'a');
  t.equal(formatInForce(docs, new Date('2025-12-31T19:00:00Z'))?.id, 'c', 'midnight in Almaty, the higher version');
  t.equal(formatInForce(docs, new Date('2027-03-01T00:00:00Z'))?.id, 'd');
});
