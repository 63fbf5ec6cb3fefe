import t from 'tap';
import { checkChoices } from '../../src/domain/choices.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
const codes = (n: number) => Array.from({ length: n }, (_, i) => `B00${i}`);

t.test('when a shortlist is checked, then up to 4 distinct of each pass and a fifth or a repeat is named', async (t) => {
  const cases: Array<[string, { universities: string[]; specialties: string[] }, string[]]> = [
    ['empty', { universities: [], specialties: [] }, []],
    ['four and four', { universities: ids(4), specialties: codes(4) }, []],
    ['a fifth university', { universities: ids(5), specialties: codes(1) }, ['/universities']],
    ['a fifth specialty', { universities: ids(1), specialties: codes(5) }, ['/specialties']],
    ['five of both', { universities: ids(5), specialties: codes(5) }, ['/universities', '/specialties']],
    ['a repeat', { universities: ['u1', 'u1'], specialties: [] }, ['/universities']],
  ];
  for (const [name, choices, fields] of cases) t.same(checkChoices(choices).map((e) => e.field), fields, name);
});

t.test('when a fifth university is refused, then the message cites the offer', async (t) => {
  t.match(checkChoices({ universities: ids(5), specialties: [] })[0]!.message, /at most 4 universities \(offer, Appendix 2 item 8\); 5 given/);
});
