import t from 'tap';
import { answerProblems, optionProblems, type QuestionOption } from '../../src/domain/answers.js';

const plain: QuestionOption[] = [{ id: 'a', text: '1' }, { id: 'b', text: '2' }, { id: 'c', text: '3' }];
const sided: QuestionOption[] = [
  { id: 'l1', text: 'x', side: 'left' }, { id: 'l2', text: 'y', side: 'left' },
  { id: 'r1', text: 'p', side: 'right' }, { id: 'r2', text: 'q', side: 'right' },
];

t.test('when an answer is checked against its kind, then only the right shape of known options passes', async (t) => {
  t.same(answerProblems('single', plain, 'a'), []);
  t.match(answerProblems('single', plain, 'z'), [{ field: '/answer', message: /not an option/ }]);
  t.match(answerProblems('context', plain, ['a']), [{ message: /one option id/ }]);
  t.same(answerProblems('multiple', plain, ['a', 'c']), []);
  t.match(answerProblems('multiple', plain, []), [{ message: /non-empty/ }]);
  t.match(answerProblems('multiple', plain, ['a', 'a']), [{ message: /twice/ }]);
  t.match(answerProblems('multiple', plain, 'a'), [{ message: /list/ }]);
  t.same(answerProblems('matching', sided, { l1: 'r2', l2: 'r1' }), []);
  t.match(answerProblems('matching', sided, { l1: 'r2' }), [{ message: /every left option/ }], 'a key maps every left option');
  t.same(answerProblems('matching', sided, { l1: 'r2' }, { complete: false }), [], 'a student may leave a pair out');
  t.match(answerProblems('matching', sided, { r1: 'l1' }), [{ message: /not a left option/ }]);
  t.match(answerProblems('matching', sided, { l1: 'l2' }), [{ message: /right option/ }]);
  t.match(answerProblems('matching', sided, ['l1']), [{ message: /map/ }]);
});

t.test('when options are checked, then ids are unique and only matching options have sides', async (t) => {
  t.same(optionProblems('single', plain), []);
  t.match(optionProblems('single', [...plain, { id: 'a', text: 'again' }]), [{ message: /unique/ }]);
  t.match(optionProblems('single', sided), [{ message: /only matching/ }]);
  t.same(optionProblems('matching', sided), []);
  t.match(optionProblems('matching', plain), [{ message: /left and two right/ }]);
});
