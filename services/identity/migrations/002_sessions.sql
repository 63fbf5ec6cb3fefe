-- A session is a device (offer 6.1.6: at most 3 active per user).
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  device_id text NOT NULL,
  device_name text NOT NULL,
  created_at timestamptz NOT NULL,
  -- last login or refresh; also when the last access token was issued
  last_seen_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text
);
CREATE UNIQUE INDEX sessions_active_device_idx ON sessions (user_id, device_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_active_user_idx ON sessions (user_id, last_seen_at) WHERE revoked_at IS NULL;

-- Refresh tokens are kept as SHA-256 hashes. A used token stays (used_at set) so a second use is
-- recognised as theft and revokes the session.
CREATE TABLE refresh_tokens (
  token_hash bytea PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Failed logins, for throttling per account and per IP across replicas. An attempt is written
-- (pending) before its password is checked, deleted when it succeeds, settled when it fails.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  account_key text NOT NULL,
  ip text NOT NULL,
  failed_at timestamptz NOT NULL,
  pending boolean NOT NULL DEFAULT false
);
CREATE INDEX login_failures_account_idx ON login_failures (account_key, failed_at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, failed_at);
CREATE INDEX login_failures_time_idx ON login_failures (failed_at);
