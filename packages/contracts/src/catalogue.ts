import { billingEvents } from './billing.js';
import { catalogEvents } from './catalog.js';
import { contestsEvents } from './contests.js';
import type { EventDefinition } from './envelope.js';
import { identityEvents } from './identity.js';
import { leadsEvents } from './leads.js';
import { notificationsEvents } from './notifications.js';
import { practiceEvents } from './practice.js';
import { refundsEvents } from './refunds.js';

/** Every published event type, by its versioned name. */
export const catalogue: ReadonlyMap<string, EventDefinition> = new Map(
  [
    ...identityEvents, ...catalogEvents, ...billingEvents, ...refundsEvents, ...notificationsEvents,
    ...contestsEvents, ...leadsEvents, ...practiceEvents,
  ].map((e) => [e.type, e as EventDefinition]),
);
