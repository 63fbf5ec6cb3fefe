import { Type, type Static } from 'typebox';
import { BaseConfigProperties, DatabaseConfigProperties, configOrExit, loadConfig } from '@joo/service-kit';

export const ConfigSchema = Type.Object({
  ...BaseConfigProperties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3008 }),
  ...DatabaseConfigProperties,
});

export type Config = Static<typeof ConfigSchema>;

export function loadPracticeConfig(env: Record<string, string | undefined> = process.env): Config {
  return loadConfig(ConfigSchema, env);
}

/** For the entry points: load the config or print why not and exit 1. */
export function loadPracticeConfigOrExit(): Config {
  return configOrExit('practice', () => loadPracticeConfig());
}
