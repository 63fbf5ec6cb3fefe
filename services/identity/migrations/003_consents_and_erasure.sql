-- The user's consents now, and every change to them.
CREATE TABLE consents (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  marketing_email boolean NOT NULL,
  marketing_sms boolean NOT NULL,
  marketing_calls boolean NOT NULL,
  cross_border_transfer boolean NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE consent_history (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  changed_at timestamptz NOT NULL,
  consents jsonb NOT NULL,
  -- registration | user | erasure
  source text NOT NULL
);
CREATE INDEX consent_history_user_idx ON consent_history (user_id, changed_at);

-- Erasure requests (offer 8.7): run on scheduled_for, the first day of the next month (Asia/Almaty).
CREATE TABLE erasure_requests (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL,
  scheduled_for date NOT NULL,
  -- where the "done" notice goes; wiped when the erasure runs
  notice_email text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
  done_at timestamptz
);
CREATE UNIQUE INDEX erasure_requests_pending_idx ON erasure_requests (user_id) WHERE status = 'pending';
CREATE INDEX erasure_requests_due_idx ON erasure_requests (scheduled_for) WHERE status = 'pending';
