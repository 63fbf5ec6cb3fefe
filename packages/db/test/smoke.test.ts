import t from 'tap';
import { databaseUrl } from '../src/admin.js';
t.test('when a server url is given, then the database name replaces the path', async (t) => {
  t.equal(databaseUrl('postgres://postgres@127.0.0.1:5432/postgres', 'x'), 'postgres://postgres@127.0.0.1:5432/x');
});
