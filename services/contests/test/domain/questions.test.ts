import t from 'tap';
import { checkAnswers, checkQuestions, normaliseAnswers, type Question } from '../../src/domain/questions.js';

const txt = { kk: '?', ru: '?' };
const opt = (id: string) => ({ id, text: txt });
const questions: Question[] = [
  { id: 'one', type: 'single', text: txt, options: [opt('a'), opt('b')] },
  { id: 'many', type: 'multiple', text: txt, options: [opt('a'), opt('b'), opt('c')] },
  { id: 'scale', type: 'scale', text: txt, scale: { min: 0, max: 10 } },
  { id: 'default', type: 'scale', text: txt, required: false },
  { id: 'free', type: 'text', text: txt, required: false, maxLength: 5 },
];
const good = { one: 'a', many: ['a', 'c'], scale: 0 };

t.test('when answers are checked, then each bad one is named with the reason', async (t) => {
  const table: Array<[string, Record<string, unknown>, string[]]> = [
    ['all fine', good, []],
    ['optional given', { ...good, default: 5, free: 'hi' }, []],
    ['required missing', { many: ['a'] }, ['/answers/one is required', '/answers/scale is required']],
    ['null counts as missing', { ...good, one: null }, ['/answers/one is required']],
    ['unknown question', { ...good, zzz: 1 }, ['/answers/zzz is not a question of this survey']],
    ['unknown option', { ...good, one: 'z' }, ['/answers/one is not an option (a, b)']],
    ['single takes one id', { ...good, one: ['a'] }, ['/answers/one must be one option id']],
    ['multiple empty', { ...good, many: [] }, ['/answers/many must be a non-empty list of option ids']],
    ['multiple unknown', { ...good, many: ['a', 'x'] }, ['/answers/many holds ids that are not options: x']],
    ['multiple repeated', { ...good, many: ['a', 'a'] }, ['/answers/many names an option twice']],
    ['scale range', { ...good, scale: 11 }, ['/answers/scale must be from 0 to 10']],
    ['default scale 1..5', { ...good, default: 0 }, ['/answers/default must be from 1 to 5']],
    ['scale fraction', { ...good, scale: 1.5 }, ['/answers/scale must be a whole number']],
    ['text too long', { ...good, free: 'toolong' }, ['/answers/free must be at most 5 characters']],
    ['text blank', { ...good, free: '   ' }, ['/answers/free must be a non-empty text']],
  ];
  for (const [name, answers, expected] of table) {
    t.same(checkAnswers(questions, answers).map((i) => `${i.field} ${i.message}`), expected, name);
  }
});

t.test('when answers are stored, then texts are trimmed and skipped questions left out', async (t) => {
  t.same(normaliseAnswers(questions, { ...good, free: ' hi ', default: null }), { ...good, free: 'hi' });
});

t.test('when a question list is checked, then inconsistent questions are named', async (t) => {
  const table: Array<[string, Question[], string[]]> = [
    ['fine', questions, []],
    ['repeated id', [questions[0]!, questions[0]!], ['/questions/1/id']],
    ['choice without enough options', [{ id: 'x', type: 'single', text: txt, options: [opt('a')] }], ['/questions/0/options']],
    ['repeated option', [{ id: 'x', type: 'multiple', text: txt, options: [opt('a'), opt('a')] }], ['/questions/0/options/1/id']],
    ['options on text', [{ id: 'x', type: 'text', text: txt, options: [opt('a'), opt('b')] }], ['/questions/0/options']],
    ['scale on single', [{ id: 'x', type: 'single', text: txt, options: [opt('a'), opt('b')], scale: { min: 1, max: 2 } }], ['/questions/0/scale']],
    ['scale backwards', [{ id: 'x', type: 'scale', text: txt, scale: { min: 3, max: 3 } }], ['/questions/0/scale']],
    ['maxLength on scale', [{ id: 'x', type: 'scale', text: txt, maxLength: 3 }], ['/questions/0/maxLength']],
  ];
  for (const [name, qs, fields] of table) t.same(checkQuestions(qs).map((i) => i.field), fields, name);
});
