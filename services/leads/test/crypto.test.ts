import { randomBytes } from 'node:crypto';
import t from 'tap';
import { Webhook } from 'standardwebhooks';
import { generateApiKey, hashApiKey, hashesMatch, lookupOf } from '../src/crypto/api-keys.js';
import { createSecretBox, generateWebhookSecret } from '../src/crypto/secrets.js';
import { signedHeaders } from '../src/delivery/worker.js';

t.test('when an API key is made, then it has the scannable prefix, 256 bits, and only its hash identifies it', async (t) => {
  const key = generateApiKey();
  t.match(key.key, /^joo_pk_[A-Za-z0-9_-]{43}$/);
  t.equal(key.lookup, key.key.slice(7, 19));
  t.ok(hashesMatch(key.hash, hashApiKey(key.key)));
  t.notOk(hashesMatch(key.hash, hashApiKey(`${key.key.slice(0, -1)}x`)));
  t.equal(lookupOf('joo_pk_short'), null);
  t.equal(lookupOf('Bearer something'), null);
});

t.test('when a webhook secret is sealed, then it opens with the key only', async (t) => {
  const secret = generateWebhookSecret();
  t.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  const box = createSecretBox(randomBytes(32).toString('base64'));
  const sealed = box.seal(secret);
  t.not(sealed.includes(secret.slice(6)), true, 'not stored in the clear');
  t.equal(box.open(sealed), secret);
  t.throws(() => createSecretBox(randomBytes(32).toString('base64')).open(sealed), 'another key cannot open it');
});

t.test('when a webhook is signed with two secrets, then the stock library verifies it with either', async (t) => {
  const [oldSecret, newSecret, stranger] = [generateWebhookSecret(), generateWebhookSecret(), generateWebhookSecret()];
  const body = JSON.stringify({ type: 'lead.created', data: { leadId: 'x' } });
  const headers = signedHeaders('msg_1', new Date(), body, [newSecret, oldSecret]);
  t.equal(headers['webhook-signature']!.split(' ').length, 2);
  t.match(new Webhook(oldSecret).verify(body, headers), { type: 'lead.created' });
  t.match(new Webhook(newSecret).verify(body, headers), { type: 'lead.created' });
  t.throws(() => new Webhook(stranger).verify(body, headers), /No matching signature/);
  t.throws(() => new Webhook(newSecret).verify(`${body} `, headers), /No matching signature/, 'a changed body does not verify');
});
