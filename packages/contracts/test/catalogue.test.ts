import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { Type } from 'typebox';
import { catalogue } from '../src/catalogue.js';
import { breakingChanges, snapshotOf } from '../src/compatibility.js';
import { defineEvent } from '../src/envelope.js';

const schemaFile = (type: string) => new URL(`../schemas/${type}.json`, import.meta.url);

t.test('every event type has a committed schema snapshot and stays compatible with it', async (t) => {
  t.ok(catalogue.size > 0);
  for (const [type, def] of catalogue) {
    const file = schemaFile(type);
    t.ok(existsSync(file), `${type}: snapshot committed (pnpm --filter @joo/contracts snapshot)`);
    if (!existsSync(file)) continue;
    const committed = JSON.parse(readFileSync(file, 'utf8'));
    t.same(breakingChanges(committed, snapshotOf(def.schema)), [], `${type}: compatible with its snapshot`);
    // Else a field added since is not yet held to compatibility.
    t.same(committed, snapshotOf(def.schema), `${type}: snapshot up to date (pnpm --filter @joo/contracts snapshot)`);
  }
});

t.test('every event says what happened and which data field is its subject', async (t) => {
  for (const [type, def] of catalogue) {
    t.match(def.description, /^[A-Z].{10,}\.$/s, `${type}: a description`);
    const schema = def.schema as { required?: string[] };
    t.ok(schema.required?.includes(def.subject), `${type}: subject ${def.subject} is a required field`);
  }
});

t.test('when an event names a subject that is not a required field, then it does not type-check and defining it fails', async (t) => {
  t.throws(() => defineEvent('shop', 'shop.order.placed.v1', {
    description: 'An order was placed.',
    // @ts-expect-error not a field of the data
    subject: 'orderId',
  }, Type.Object({ id: Type.String() })), /subject orderId must be a required field/);
  t.throws(() => defineEvent('shop', 'shop.order.placed.v1', {
    description: 'An order was placed.',
    // @ts-expect-error an optional field cannot be the subject
    subject: 'id',
  }, Type.Object({ id: Type.Optional(Type.String()) })), /subject id must be a required field/);
  t.equal(defineEvent('shop', 'shop.order.placed.v1', { description: 'An order was placed.', subject: 'id' }, Type.Object({ id: Type.String() })).subject, 'id');
});

t.test('every type is versioned and starts with its publishing service', async (t) => {
  for (const [type, def] of catalogue) {
    t.match(type, /^[a-z]+\.[a-z_]+(\.[a-z_]+)*\.v\d+$/, type);
    t.ok(type.startsWith(`${def.source}.`), `${type} belongs to ${def.source}`);
  }
});

const v1 = Type.Object({ id: Type.String(), amount: Type.Integer(), note: Type.Optional(Type.String()) });

t.test('when a property is only added as optional, then the change is compatible', async (t) => {
  const next = Type.Object({ id: Type.String(), amount: Type.Integer(), note: Type.Optional(Type.String()), extra: Type.Optional(Type.Boolean()) });
  t.same(breakingChanges(snapshotOf(v1), snapshotOf(next)), []);
});

t.test('when a property is removed, retyped, made required or newly required, then each is named', async (t) => {
  const next = Type.Object({ id: Type.Integer(), note: Type.String(), extra: Type.Boolean() });
  t.same(breakingChanges(snapshotOf(v1), snapshotOf(next)).sort(), [
    '/amount: no longer required', '/amount: removed', '/extra: newly required', '/id: schema changed', '/note: newly required',
  ]);
});

t.test('when a nested object loses a field, then the path names it', async (t) => {
  const before = Type.Object({ consents: Type.Object({ email: Type.Boolean(), sms: Type.Boolean() }) });
  const after = Type.Object({ consents: Type.Object({ email: Type.Boolean() }) });
  t.same(breakingChanges(snapshotOf(before), snapshotOf(after)), ['/consents/sms: no longer required', '/consents/sms: removed']);
});
