import t from 'tap';
import { serverList } from '../src/connection.js';

t.test('NATS_URL may name every node of a cluster, comma-separated', async (t) => {
  t.same(serverList('nats://127.0.0.1:4222'), ['nats://127.0.0.1:4222'], 'one server');
  t.same(serverList('nats://a:4222,nats://b:4222, nats://c:4222'), ['nats://a:4222', 'nats://b:4222', 'nats://c:4222'], 'three nodes, spaces allowed');
  t.same(serverList(['nats://a:4222', 'nats://b:4222']), ['nats://a:4222', 'nats://b:4222'], 'a list as it is');
  t.same(serverList('nats://a:4222,'), ['nats://a:4222'], 'no empty entry from a trailing comma');
});
