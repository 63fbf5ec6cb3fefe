import t from 'tap';
import { subjectLines } from '../../src/domain/mock-results.js';

t.test('subjects read as name and score in the reader language; an unknown code stays as is', async (t) => {
  const names = { math: { kk: 'Математика', ru: 'Математика' }, 'kz-history': { kk: 'Қазақстан тарихы', ru: 'История Казахстана' } };
  const subjects = [{ subject: 'kz-history', score: 15, max: 20 }, { subject: 'math', score: 30, max: 50 }, { subject: 'astro', score: 1, max: 2 }];
  t.equal(subjectLines(subjects, names, 'ru'), 'История Казахстана 15/20, Математика 30/50, astro 1/2');
  t.equal(subjectLines(subjects, names, 'kk'), 'Қазақстан тарихы 15/20, Математика 30/50, astro 1/2');
  t.equal(subjectLines([], names, 'ru'), '');
});
