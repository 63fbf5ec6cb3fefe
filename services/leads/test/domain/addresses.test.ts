import t from 'tap';
import { checkWebhookUrl, isAllowedAddress, isPublicAddress } from '../../src/domain/addresses.js';

t.test('when an address is classified, then only public unicast passes', async (t) => {
  const cases: Array<[string, boolean]> = [
    ['8.8.8.8', true], ['185.22.64.1', true], ['2a00:1450:4001:80b::200e', true],
    ['127.0.0.1', false], ['10.1.2.3', false], ['172.16.0.1', false], ['192.168.1.1', false], ['169.254.169.254', false],
    ['100.64.0.1', false], ['0.0.0.0', false], ['255.255.255.255', false], ['224.0.0.1', false], ['192.0.2.1', false],
    ['::1', false], ['::', false], ['fe80::1', false], ['fc00::1', false], ['::ffff:127.0.0.1', false], ['::ffff:8.8.8.8', true],
    ['not-an-ip', false],
  ];
  for (const [address, expected] of cases) t.equal(isPublicAddress(address), expected, address);
});

t.test('when a webhook URL is checked without DNS, then scheme, credentials and literal addresses are refused', async (t) => {
  const strict = { allowPrivate: false };
  const cases: Array<[string, boolean]> = [
    ['https://crm.university.kz/hooks/joo', true],
    ['https://8.8.8.8/hook', true],
    ['http://crm.university.kz/hook', false],
    ['ftp://crm.university.kz/hook', false],
    ['https://user:pass@crm.university.kz/hook', false],
    ['https://127.0.0.1/hook', false],
    ['https://[::1]/hook', false],
    ['https://169.254.169.254/latest/meta-data', false],
    ['https://0x7f000001/hook', false],
    ['https://localhost/hook', false],
    ['https://metadata.google.internal/hook', false],
    ['https://crm.university.kz/hook#frag', false],
    ['not a url', false],
  ];
  for (const [url, ok] of cases) t.equal(checkWebhookUrl(url, strict).ok, ok, url);
});

t.test('when private webhooks are allowed (development, tests), then http and loopback pass', async (t) => {
  t.ok(checkWebhookUrl('http://127.0.0.1:4000/hook', { allowPrivate: true }).ok);
  t.ok(checkWebhookUrl('http://[::1]:4000/hook', { allowPrivate: true }).ok);
  t.ok(checkWebhookUrl('http://localhost:4000/hook', { allowPrivate: true }).ok, 'a name is checked by what it resolves to');
  t.notOk(checkWebhookUrl('ftp://127.0.0.1/hook', { allowPrivate: true }).ok);
});

// Every spelling of the metadata address, and the ranges next to it, found accepted by a probe.
const METADATA_SPELLINGS = [
  'http://169.254.169.254/latest/meta-data/', 'http://0xa9fea9fe/', 'http://0xA9.0xFE.0xA9.0xFE/', 'http://2852039166/',
  'http://0251.0376.0251.0376/', 'http://169.254.43518/', 'http://[::ffff:169.254.169.254]/', 'http://[::ffff:a9fe:a9fe]/',
  'http://[64:ff9b::a9fe:a9fe]/', 'http://metadata.google.internal/computeMetadata/v1/', 'http://METADATA.GOOGLE.INTERNAL./',
  'http://metadata/', 'http://instance-data/', 'http://[fe80::1]/', 'http://[fe80::a9fe:a9fe%25eth0]/', 'http://[febf::1]/',
  'http://100.64.0.1/', 'http://100.127.255.254/', 'http://10.0.0.1/', 'http://192.168.1.1/', 'http://172.16.0.1/', 'http://0.0.0.0/',
  'http://[::]/', 'http://[fc00::1]/', 'http://224.0.0.1/',
];

t.test('when a webhook URL names cloud metadata, link-local, CGNAT or private space in any spelling, then it is refused even where private webhooks are allowed', async (t) => {
  for (const url of METADATA_SPELLINGS) {
    for (const allowPrivate of [true, false]) t.notOk(checkWebhookUrl(url, { allowPrivate }).ok, `${url} (allowPrivate: ${allowPrivate})`);
    t.notOk(checkWebhookUrl(url.replace(/^http:/, 'https:'), { allowPrivate: false }).ok, `${url} over https`);
  }
});

t.test('when a resolved address is judged, then loopback passes only where private webhooks are allowed, and link-local never', async (t) => {
  const cases: Array<[string, boolean, boolean]> = [
    // address, allowed in development, allowed in production
    ['127.0.0.1', true, false], ['::1', true, false], ['::ffff:127.0.0.1', true, false], ['8.8.8.8', true, true],
    ['169.254.169.254', false, false], ['::ffff:169.254.169.254', false, false], ['fe80::1', false, false],
    ['100.64.0.1', false, false], ['10.0.0.5', false, false], ['fd00:ec2::254', false, false], ['0.0.0.0', false, false],
  ];
  for (const [address, development, production] of cases) {
    t.equal(isAllowedAddress(address, true), development, `${address} in development`);
    t.equal(isAllowedAddress(address, false), production, `${address} in production`);
  }
});
