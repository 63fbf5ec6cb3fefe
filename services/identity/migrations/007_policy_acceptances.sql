-- Acceptances beside the offer's (offer_decisions), recorded the same way: which version, when, from where.
--   cookie-policy    offer 3.7: accepting the offer accepts the site's cookie policy
--   parental-consent offer 8.2: a student under 18 confirms their legal representatives agreed
CREATE TABLE policy_acceptances (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  policy text NOT NULL CHECK (policy IN ('cookie-policy', 'parental-consent')),
  version integer NOT NULL,
  accepted_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX policy_acceptances_user_idx ON policy_acceptances (user_id, accepted_at DESC);
