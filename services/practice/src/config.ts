import { Type, type Static } from 'typebox';
import { BaseConfigProperties, ConfigError, DatabaseConfigProperties, configOrExit, loadConfig } from '@joo/service-kit';
import { minuteOfDay, offsetMinutes, scheduleProblems, type WeeklySchedule } from './domain/weekly-windows.js';

const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const ConfigSchema = Type.Object({
  ...BaseConfigProperties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3008 }),
  ...DatabaseConfigProperties,
  // The weekly default mock window (ADR 0019): Sunday 10:00–22:00 Almaty unless configured.
  MOCK_WEEKLY_ENABLED: Type.Boolean({ default: true }),
  MOCK_WEEKLY_DAY: Type.Integer({ minimum: 0, maximum: 6, default: 0 }),
  MOCK_WEEKLY_OPENS: { ...TimeOfDay, default: '10:00' },
  MOCK_WEEKLY_CLOSES: { ...TimeOfDay, default: '22:00' },
  MOCK_WEEKLY_UTC_OFFSET: Type.String({ pattern: '^[+-](0[0-9]|1[0-4]):[0-5][0-9]$', default: '+05:00' }),
  MOCK_TICK_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }),
});

export type Config = Static<typeof ConfigSchema>;

export function loadPracticeConfig(env: Record<string, string | undefined> = process.env): Config {
  const config = loadConfig(ConfigSchema, env);
  const schedule = weeklySchedule(config);
  const problems = schedule ? scheduleProblems(schedule) : [];
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `MOCK_WEEKLY_CLOSES: ${p}`));
  return config;
}

/** The weekly default window of the config; null when MOCK_WEEKLY_ENABLED is false (admin windows only). */
export function weeklySchedule(config: Config): WeeklySchedule | null {
  if (!config.MOCK_WEEKLY_ENABLED) return null;
  return {
    weekday: config.MOCK_WEEKLY_DAY,
    opensAtMinute: minuteOfDay(config.MOCK_WEEKLY_OPENS)!,
    closesAtMinute: minuteOfDay(config.MOCK_WEEKLY_CLOSES)!,
    utcOffsetMinutes: offsetMinutes(config.MOCK_WEEKLY_UTC_OFFSET)!,
  };
}

/** For the entry points: load the config or print why not and exit 1. */
export function loadPracticeConfigOrExit(): Config {
  return configOrExit('practice', () => loadPracticeConfig());
}
