import type { Migration } from '@joo/db';

/**
 * The bus tables every service with a database applies before its own migrations
 * (`000_` sorts before a service's `001_`).
 */
export const busMigrations: Migration[] = [
  {
    name: '000_bus_outbox.sql',
    sql: `
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  subject text NOT NULL,
  envelope jsonb NOT NULL,
  -- clock_timestamp(): when the event was written, not when its transaction began, so the relay's
  -- created_at order follows the order in which a service wrote its events.
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  published_at timestamptz
);
-- The relay only reads unpublished rows, in this order; published rows stay out of the index.
CREATE INDEX outbox_unpublished_idx ON outbox (created_at, id) WHERE published_at IS NULL;
`,
  },
  {
    name: '000_bus_inbox.sql',
    sql: `
CREATE TABLE inbox (
  event_id uuid NOT NULL,
  consumer text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, consumer)
);
`,
  },
  {
    name: '000_bus_dead_letters.sql',
    sql: `
CREATE TABLE dead_letters (
  id uuid PRIMARY KEY,
  consumer text NOT NULL,
  -- text, not uuid: a message that is not a valid envelope is dead-lettered under its stream position.
  event_id text NOT NULL,
  event_type text,
  envelope jsonb NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now(),
  replayed_at timestamptz
);
-- One open dead letter per (consumer, event): a later failure of the same event updates it.
CREATE UNIQUE INDEX dead_letters_open_idx ON dead_letters (consumer, event_id) WHERE replayed_at IS NULL;
`,
  },
];
