import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { localEnv, parseServiceList, readServiceList, ServiceListError } from '../src/index.js';

t.test('when the repository\'s list is read, then every entry has its defaults filled', async (t) => {
  const services = readServiceList(join(import.meta.dirname, '..', '..', '..'));
  t.ok(services.some((s) => s.name === 'identity'));
  for (const s of services) {
    t.type(s.port, 'number');
    t.ok(Array.isArray(s.secrets), `${s.name}: secrets is a list`);
    t.type(s.local, 'object');
  }
  t.equal(services.find((s) => s.name === 'gateway')?.database, null);
});

t.test('when an entry is wrong, then reading fails naming it', async (t) => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not an array', {}, /must be a non-empty array/],
    ['empty', [], /must be a non-empty array/],
    ['bad name', [{ name: 'Billing', port: 1 }], /\[0\]\.name is invalid/],
    ['twice', [{ name: 'a', port: 1 }, { name: 'a', port: 2 }], /service a is listed twice/],
    ['same port', [{ name: 'a', port: 1 }, { name: 'b', port: 1 }], /b and a both want port 1/],
    ['bad port', [{ name: 'a', port: 70000 }], /\[0\]\.port is invalid/],
    ['bad database', [{ name: 'a', port: 1, database: 'joo-a' }], /\[0\]\.database is invalid/],
    ['bad secrets', [{ name: 'a', port: 1, secrets: ['lower'] }], /secrets must list variable names/],
    ['bad local', [{ name: 'a', port: 1, local: { A: 1 } }], /local must map variable names to strings/],
    ['metrics port taken', [{ name: 'a', port: 1001 }, { name: 'b', port: 1 }], /b \(metrics\) and a both want port 1001/],
    ['metrics port too high', [{ name: 'a', port: 65000 }], /\[0\]\.metricsPort is invalid/],
    ['bad metrics port', [{ name: 'a', port: 1, metricsPort: 'x' }], /\[0\]\.metricsPort is invalid/],
  ];
  for (const [label, list, message] of cases) t.throws(() => parseServiceList(JSON.stringify(list)), message, label);
  t.throws(() => parseServiceList('{'), ServiceListError, 'not JSON');
  t.throws(() => readServiceList(mkdtempSync(join(tmpdir(), 'joo-list-'))), /cannot read deploy\/services\.json/);
});

t.test('when a port is given instead of the listed one, then it is used and still checked against the others', async (t) => {
  const text = JSON.stringify([{ name: 'a', port: 1 }, { name: 'gateway', port: 2 }]);
  t.equal(parseServiceList(text, { ports: { gateway: 9 } })[1]!.port, 9);
  t.throws(() => parseServiceList(text, { ports: { gateway: 1 } }), /gateway and a both want port 1/);
});

t.test('when an entry names no metrics port, then it is its port + 1000; a named one is kept', async (t) => {
  const [a, b] = parseServiceList(JSON.stringify([{ name: 'a', port: 3001 }, { name: 'b', port: 65000, metricsPort: 9100 }]));
  t.equal(a!.metricsPort, 4001);
  t.equal(b!.metricsPort, 9100);
  t.equal(parseServiceList(JSON.stringify([{ name: 'gateway', port: 2 }]), { ports: { gateway: 9 } })[0]!.metricsPort, 1009, 'follows a replaced port');
});

t.test('when a local value names a service, then it becomes that service\'s URL', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'joo-list-'));
  mkdirSync(join(root, 'deploy'));
  writeFileSync(join(root, 'deploy/services.json'), JSON.stringify([{ name: 'shop', port: 1, local: { BASE: '{url:gateway}/x', SELF: '{url:self}' } }]));
  const [shop] = readServiceList(root);
  t.same(localEnv(shop!, (name) => `http://${name}`), { BASE: 'http://gateway/x', SELF: 'http://shop' });
});
