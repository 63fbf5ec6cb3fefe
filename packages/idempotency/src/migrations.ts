import type { Migration } from '@joo/db';

/**
 * The table behind `Idempotency-Key`. Add it to a service's migrations (after the bus tables):
 * `serviceMigrations(import.meta.url, idempotencyMigrations)`.
 */
export const idempotencyMigrations: Migration[] = [{
  name: '000_idempotency_keys.sql',
  sql: `
    CREATE TABLE idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      state text NOT NULL CHECK (state IN ('running', 'done')),
      response_status integer,
      response_body jsonb,
      locked_until timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (scope, key)
    );
    CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
  `,
}];
