-- Offer 6.3.1 (ADR 0028): a password reset by a 6-digit code. One live code per user: a new
-- request replaces the row. The code is kept only as HMAC-SHA256 under the server key.
CREATE TABLE password_resets (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  reset_id uuid NOT NULL,
  code_hash bytea NOT NULL,
  expires_at timestamptz NOT NULL,
  tries integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL
);

-- Requests, to throttle them per account and per address (unknown logins have no user_id).
CREATE TABLE password_reset_requests (
  id bigserial PRIMARY KEY,
  user_id uuid,
  ip text NOT NULL,
  requested_at timestamptz NOT NULL
);
CREATE INDEX password_reset_requests_user_idx ON password_reset_requests (user_id, requested_at);
CREATE INDEX password_reset_requests_ip_idx ON password_reset_requests (ip, requested_at);
