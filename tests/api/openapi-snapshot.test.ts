import t from 'tap';
import { liveApiDocument } from '../../scripts/openapi/live-document.js';
import { checkApiSnapshot, SNAPSHOT_FILE } from '../../scripts/openapi/snapshot.js';

// Starting and stopping every service took up to 212 s of the 240 s a file may take on a loaded machine.
t.setTimeout(300_000);

t.test('when the platform runs, then the merged document at /docs/json is the committed docs/api/openapi.json', async (t) => {
  const check = checkApiSnapshot(SNAPSHOT_FILE, await liveApiDocument(t));
  t.same(check.state === 'breaking' ? check.problems : [], [],
    'no operation, field or response the snapshot holds was removed or retyped: clients are built against it');
  t.equal(check.state, 'current',
    'docs/api/openapi.json is what /docs/json serves; after adding a route or a field run `pnpm openapi:snapshot` and commit the file');
});
