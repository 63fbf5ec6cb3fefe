-- Issue 23 (ADR 0023). Refusing the offer no longer closes the account for good: it becomes
-- 'offer-refused' until the user signs in with the login and password and accepts the current offer.
ALTER TABLE users DROP CONSTRAINT users_status_check;
ALTER TABLE users ADD CONSTRAINT users_status_check
  CHECK (status IN ('active', 'suspended', 'closed', 'erased', 'offer-refused'));
-- Accounts closed by a refusal before this change can come back the same way.
UPDATE users u SET status = 'offer-refused', closed_at = NULL
 WHERE status = 'closed' AND EXISTS (SELECT 1 FROM offer_decisions d WHERE d.user_id = u.id AND d.decision = 'refused');

-- Offer 2.6: a version takes effect at effective_at (now or later); the current offer is the
-- highest version already in effect.
ALTER TABLE offers ADD COLUMN effective_at timestamptz;
UPDATE offers SET effective_at = published_at;
ALTER TABLE offers ALTER COLUMN effective_at SET NOT NULL;

-- Offer 7.1.3: warnings an admin gave, with the reason shown to the user.
CREATE TABLE user_warnings (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  reason text NOT NULL,
  issued_by uuid NOT NULL,
  issued_at timestamptz NOT NULL
);
CREATE INDEX user_warnings_user_idx ON user_warnings (user_id, issued_at DESC);

-- Offer 8.7: a request that came by e-mail is entered by an admin; its deadline counts from the
-- day it was received, not the day it was entered.
ALTER TABLE erasure_requests ADD COLUMN received_at timestamptz;
ALTER TABLE erasure_requests ADD COLUMN entered_by uuid;
UPDATE erasure_requests SET received_at = requested_at;
