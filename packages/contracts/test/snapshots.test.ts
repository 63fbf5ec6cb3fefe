import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Type } from 'typebox';
import { catalogue } from '../src/catalogue.js';
import { defineEvent } from '../src/envelope.js';
import { updateSnapshots } from '../src/snapshots.js';

const about = { description: 'An order was placed.', subject: 'id' } as const;
/** Versions of one event type's schema, as it might evolve. */
const placed = defineEvent('shop', 'shop.order.placed.v1', about, Type.Object({ id: Type.String(), amount: Type.Integer() }));
const withNote = defineEvent('shop', 'shop.order.placed.v1', about, Type.Object({ id: Type.String(), amount: Type.Integer(), note: Type.Optional(Type.String()) }));
const noteTyped = defineEvent('shop', 'shop.order.placed.v1', about, Type.Object({ id: Type.String(), amount: Type.Integer(), note: Type.Optional(Type.Integer()) }));
const withoutAmount = defineEvent('shop', 'shop.order.placed.v1', about, Type.Object({ id: Type.String() }));

const snapshotIn = (dir: string) => JSON.parse(readFileSync(join(dir, 'shop.order.placed.v1.json'), 'utf8'));
const tempDir = () => mkdtempSync(join(tmpdir(), 'joo-snapshots-'));

t.test('when an event has no snapshot yet, then it is written', async (t) => {
  const dir = tempDir();
  t.same(updateSnapshots(dir, [placed]), { written: ['shop.order.placed.v1'], refused: [] });
  t.same(snapshotIn(dir).required, ['id', 'amount']);
  t.same(updateSnapshots(dir, [placed]), { written: [], refused: [] }, 'an unchanged schema writes nothing');
});

t.test('when an optional field is added, then the snapshot is rewritten and the field is protected from then on', async (t) => {
  const dir = tempDir();
  updateSnapshots(dir, [placed]);
  t.same(updateSnapshots(dir, [withNote]), { written: ['shop.order.placed.v1'], refused: [] });
  t.same(snapshotIn(dir).properties.note, { type: 'string' });
  t.same(updateSnapshots(dir, [noteTyped]), { written: [], refused: [{ type: 'shop.order.placed.v1', problems: ['/note: schema changed'] }] });
  t.same(snapshotIn(dir).properties.note, { type: 'string' }, 'the refused change wrote nothing');
});

t.test('when one event breaks its snapshot, then nothing is written, not even the compatible changes of others', async (t) => {
  const dir = tempDir();
  const paid = defineEvent('shop', 'shop.order.paid.v1', about, Type.Object({ id: Type.String() }));
  updateSnapshots(dir, [placed]);
  const update = updateSnapshots(dir, [withoutAmount, paid]);
  t.same(update.written, []);
  t.same(update.refused, [{ type: 'shop.order.placed.v1', problems: ['/amount: no longer required', '/amount: removed'] }]);
  t.same(readdirSync(dir), ['shop.order.placed.v1.json']);
});

t.test('when the snapshot command meets a breaking change, then it exits 1 naming the type and why', async (t) => {
  const dir = tempDir();
  const [type, def] = [...catalogue][0]!;
  const snapshot = JSON.parse(JSON.stringify(def.schema));
  snapshot.properties.retiredField = { type: 'string' };
  snapshot.required.push('retiredField');
  writeFileSync(join(dir, `${type}.json`), JSON.stringify(snapshot));
  const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
  const command = fileURLToPath(new URL('../src/write-snapshots.ts', import.meta.url));
  const run = promisify(execFile)(tsx, [command, dir]);
  const failure = await run.then(() => null, (error: { code: number; stderr: string }) => error);
  t.equal(failure?.code, 1);
  t.match(failure?.stderr, `${type}: /retiredField: no longer required`);
  t.same(readdirSync(dir), [`${type}.json`], 'no other snapshot was written');
});
