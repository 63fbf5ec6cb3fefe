import t from 'tap';
import { checkWebhookUrl, isPublicAddress } from '../../src/domain/addresses.js';

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
  t.notOk(checkWebhookUrl('ftp://127.0.0.1/hook', { allowPrivate: true }).ok);
});
