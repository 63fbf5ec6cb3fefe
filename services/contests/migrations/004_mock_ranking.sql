-- The partner-grants contest ranks by the best weekly mock and is open to package holders only
-- (offer Appendix 2 item 9, ADR 0020). From catalog's entitlement events: who holds a package.
CREATE TABLE package_holders (
  entitlement_id text PRIMARY KEY,
  user_id text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX package_holders_user ON package_holders (user_id);

-- From practice's attempt events: each mock's newest score.
CREATE TABLE mock_scores (
  attempt_id text PRIMARY KEY,
  user_id text NOT NULL,
  total integer NOT NULL,
  finished_at timestamptz NOT NULL,
  scored_at timestamptz NOT NULL
);
CREATE INDEX mock_scores_user ON mock_scores (user_id, finished_at);
