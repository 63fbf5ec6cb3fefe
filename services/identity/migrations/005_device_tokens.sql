-- Devices that have signed in (OWASP's "device cookies"): a login that sends back the device's
-- token is throttled on the token's own failures, not the account's, so guesses from elsewhere
-- cannot lock the owner out. Only the SHA-256 of a token is kept. Each sign-in issues the
-- device's next token and revokes the one before: one live token per user and device id.
CREATE TABLE device_tokens (
  id uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users (id),
  device_id text NOT NULL,
  issued_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX device_tokens_live_idx ON device_tokens (user_id, device_id) WHERE revoked_at IS NULL;
CREATE INDEX device_tokens_issued_idx ON device_tokens (issued_at);
