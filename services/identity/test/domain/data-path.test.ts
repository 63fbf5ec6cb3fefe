import { fileURLToPath } from 'node:url';
import t from 'tap';
import { dataFileUrl } from '../../src/domain/data-path.js';

t.test('when a data file is named, then its URL is in the service data folder', async (t) => {
  t.equal(fileURLToPath(dataFileUrl('offer-v1.json')), fileURLToPath(new URL('../../data/offer-v1.json', import.meta.url)));
});

for (const name of ['../package.json', 'a/b.json', '.hidden', '..', '', 'x\\y', '%2e%2e']) {
  t.test(`when the name is ${JSON.stringify(name)}, then it is refused`, async (t) => {
    t.throws(() => dataFileUrl(name), RangeError);
  });
}
