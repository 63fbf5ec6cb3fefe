import t from 'tap';
import { envExampleKeys } from '@joo/testing';
import { ConfigSchema, loadPracticeConfig, weeklySchedule } from '../src/config.js';

t.test('when the environment is complete, then defaults are filled', async (t) => {
  const config = loadPracticeConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joo_practice' });
  t.equal(config.PORT, 3008);
  t.throws(() => loadPracticeConfig({}), /DATABASE_URL/);
});

t.test('when .env.example is read, then it lists exactly the variables the config schema reads', async (t) => {
  const keys = envExampleKeys(new URL('../.env.example', import.meta.url));
  t.same([...keys].sort(), Object.keys(ConfigSchema.properties).sort());
});

t.test('when the weekly mock window is configured, then it is read, and a window closing before it opens stops the service', async (t) => {
  const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joo_practice' };
  t.same(weeklySchedule(loadPracticeConfig(base)), { weekday: 0, opensAtMinute: 600, closesAtMinute: 1320, utcOffsetMinutes: 300 }, 'Sunday 10:00–22:00 Almaty by default');
  t.same(weeklySchedule(loadPracticeConfig({ ...base, MOCK_WEEKLY_DAY: '6', MOCK_WEEKLY_OPENS: '09:30', MOCK_WEEKLY_CLOSES: '13:30', MOCK_WEEKLY_UTC_OFFSET: '+06:00' })),
    { weekday: 6, opensAtMinute: 570, closesAtMinute: 810, utcOffsetMinutes: 360 });
  t.equal(weeklySchedule(loadPracticeConfig({ ...base, MOCK_WEEKLY_ENABLED: 'false' })), null);
  t.throws(() => loadPracticeConfig({ ...base, MOCK_WEEKLY_OPENS: '22:00', MOCK_WEEKLY_CLOSES: '10:00' }), /MOCK_WEEKLY_CLOSES/);
  t.throws(() => loadPracticeConfig({ ...base, MOCK_WEEKLY_OPENS: '25:00' }), /MOCK_WEEKLY_OPENS/);
  t.throws(() => loadPracticeConfig({ ...base, MOCK_WEEKLY_DAY: '7' }), /MOCK_WEEKLY_DAY/);
});
