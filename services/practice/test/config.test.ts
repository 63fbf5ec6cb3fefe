import t from 'tap';
import { envExampleKeys } from '@joo/testing';
import { ConfigSchema, loadPracticeConfig } from '../src/config.js';

t.test('when the environment is complete, then defaults are filled', async (t) => {
  const config = loadPracticeConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joo_practice' });
  t.equal(config.PORT, 3008);
  t.throws(() => loadPracticeConfig({}), /DATABASE_URL/);
});

t.test('when .env.example is read, then it lists exactly the variables the config schema reads', async (t) => {
  const keys = envExampleKeys(new URL('../.env.example', import.meta.url));
  t.same([...keys].sort(), Object.keys(ConfigSchema.properties).sort());
});
