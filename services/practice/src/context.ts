import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { FormatDocument } from './domain/format.js';

export const SOURCE = 'practice';

/** What the use cases need; built once by buildApp and shared with the background work. */
export interface PracticeContext extends OutboxContext {
  clock: () => Date;
  /** Every format document of data/formats/, checked at start. */
  formats: FormatDocument[];
}

/** This service's side of the outbox: outboxWriter of @joo/bus documents each. */
export const { write, emit } = outboxWriter(SOURCE);
