import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { GENERATED_DIR, idempotentOperations, readDocument, render } from '../scripts/generate.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The committed version of a file, or null outside a git checkout. */
function committed(path: string): string | null {
  try {
    return execFileSync('git', ['show', `HEAD:${path}`], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  } catch {
    return null;
  }
}

t.test('when docs/api/openapi.json changes, then the committed client types must be regenerated', async (t) => {
  const files = await render(readDocument());
  for (const [name, text] of Object.entries(files)) {
    t.equal(readFileSync(`${GENERATED_DIR}${name}`, 'utf8'), text, `src/generated/${name} is what the generator writes (pnpm build)`);
    const inGit = committed(`packages/client/src/generated/${name}`);
    if (inGit !== null) t.equal(inGit, text, `the committed src/generated/${name} is current: commit it after pnpm build`);
  }
});

t.test('the operations that take an Idempotency-Key are found in the document', async (t) => {
  const found = idempotentOperations(readDocument());
  t.ok(found.includes('POST /v1/billing/orders'), found.join(', '));
  t.ok(found.includes('POST /v1/leads'));
  t.notOk(found.some((op) => op.startsWith('GET ')), 'no read takes one');
});
