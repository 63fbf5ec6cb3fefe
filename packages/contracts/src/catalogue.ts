import type { EventDefinition } from './envelope.js';
import { identityEvents } from './identity.js';

/** Every published event type, by its versioned name. */
export const catalogue: ReadonlyMap<string, EventDefinition> = new Map(
  [...identityEvents].map((e) => [e.type, e as EventDefinition]),
);
