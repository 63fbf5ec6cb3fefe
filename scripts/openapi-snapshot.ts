/**
 * Brings docs/api/openapi.json up to date with the merged document the gateway serves at
 * `/docs/json`: `pnpm openapi:snapshot` after adding or changing a route. It starts the platform
 * as the tests do (test databases and bus prefix, removed afterwards), so PostgreSQL and NATS must
 * answer (`pnpm infra`). Additions rewrite the snapshot; a change that removes or retypes an
 * operation, a field or a response is refused: it lists why, writes nothing and exits 1.
 * An argument names another file (the tests use one).
 *
 * tests/api/openapi-snapshot.test.ts fails while the snapshot differs from the live document.
 */
import { liveApiDocument } from './openapi/live-document.js';
import { SNAPSHOT_FILE, updateApiSnapshot } from './openapi/snapshot.js';

const file = process.argv[2] ?? SNAPSHOT_FILE;
const teardowns: Array<() => unknown> = [];
try {
  const result = updateApiSnapshot(file, await liveApiDocument({ teardown: (fn) => teardowns.push(fn) }));
  if (result.state === 'breaking') {
    for (const problem of result.problems) console.error(problem);
    console.error(`breaking changes: ${file} not written; keep what clients use, add new operations or fields instead`);
    process.exitCode = 1;
  } else {
    console.log(result.written ? `wrote ${file}` : `${file} is up to date`);
  }
} finally {
  for (const teardown of teardowns.reverse()) await teardown();
}
