import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { FormatDocument } from './domain/format.js';
import type { ProfilePair } from './domain/profile-pairs.js';
import type { WeeklySchedule } from './domain/weekly-windows.js';

export const SOURCE = 'practice';

/** What the use cases need; built once by buildApp and shared with the background work. */
export interface PracticeContext extends OutboxContext {
  clock: () => Date;
  /** Every format document of data/formats/, checked at start. */
  formats: FormatDocument[];
  /** catalog's profile-subject pairs (data/profile-pairs.json) */
  profilePairs: ProfilePair[];
  /** the weekly default mock window; null: admin windows only */
  weekly: WeeklySchedule | null;
  /** asks the mock ticker to run soon (an accepted appeal queued re-scores); a no-op until it runs */
  wakeTicker: () => void;
}

/** This service's side of the outbox: outboxWriter of @joo/bus documents each. */
export const { write, emit } = outboxWriter(SOURCE);
