import t from 'tap';
import { routeMessage } from '../../src/domain/inbox.js';
import type { Channel } from '../../src/domain/quiet-hours.js';

const all = () => true;

t.test('when the user gave the cross-border consent, then each permitted channel with an address goes to the providers', async (t) => {
  t.same(routeMessage({ channels: ['email', 'sms'], crossBorder: true, permitted: all, reachable: all }), { external: ['email', 'sms'], inbox: null });
  t.same(routeMessage({ channels: ['email', 'sms'], crossBorder: true, permitted: (c) => c === 'sms', reachable: all }), { external: ['sms'], inbox: null });
  t.same(routeMessage({ channels: ['email', 'sms'], crossBorder: true, permitted: all, reachable: (c) => c === 'email' }), { external: ['email'], inbox: null });
});

t.test('when the user gave no cross-border consent, then nothing goes out and one inbox copy takes the best text', async (t) => {
  t.same(routeMessage({ channels: ['sms', 'email'], crossBorder: false, permitted: all, reachable: all }), { external: [], inbox: 'email' }, 'the e-mail text first');
  t.same(routeMessage({ channels: ['voice', 'sms'], crossBorder: false, permitted: all, reachable: () => false }), { external: [], inbox: 'sms' },
    'the inbox needs no address');
  const marketingBy = (consented: Channel[]) => (c: Channel) => consented.includes(c);
  t.same(routeMessage({ channels: ['email', 'sms'], crossBorder: false, permitted: marketingBy(['sms']), reachable: all }), { external: [], inbox: 'sms' });
  t.same(routeMessage({ channels: ['email', 'sms'], crossBorder: false, permitted: marketingBy([]), reachable: all }), { external: [], inbox: null },
    'marketing the user refused on every channel is not kept either');
});
