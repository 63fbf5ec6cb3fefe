import t from 'tap';
import { Type } from 'typebox';
import { BaseConfigProperties, ConfigError, loadConfig } from '../src/index.js';

const Schema = Type.Object({ ...BaseConfigProperties, PORT: Type.Integer({ minimum: 0, maximum: 65535 }), DATABASE_URL: Type.String() });

t.test('when the environment is complete, then values are converted and defaults filled', async (t) => {
  const config = loadConfig(Schema, { PORT: '3001', DATABASE_URL: 'postgres://x' });
  t.equal(config.PORT, 3001);
  t.equal(config.LOG_LEVEL, 'info');
  t.equal(config.NATS_URL, 'nats://127.0.0.1:4222');
});

t.test('when variables are missing or wrong, then one error names every one', async (t) => {
  const error = t.throws(() => loadConfig(Schema, { PORT: '70000', LOG_LEVEL: 'loud' })) as ConfigError;
  t.ok(error instanceof ConfigError);
  const text = error.problems.join('\n');
  t.match(text, /PORT/);
  t.match(text, /LOG_LEVEL/);
  t.match(text, /DATABASE_URL/);
});

t.test('when an integer is written loosely, then it is refused rather than guessed', async (t) => {
  for (const port of ['true', '3000.5', '1e3', '12abc']) {
    t.throws(() => loadConfig(Schema, { PORT: port, DATABASE_URL: 'postgres://x' }), ConfigError, `PORT=${port}`);
  }
});
