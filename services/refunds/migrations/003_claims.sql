-- Claims (offer §13) and requests received by e-mail at info@joo.kz (13.2, 14.4.2), docs/decisions/0021.

-- identity.user.registered: the people a claim can name. 13.1: a claim from no identifiable person is
-- not considered, so an admin can enter one only for a user refunds has heard of (erased users leave).
CREATE TABLE known_users (
  user_id text PRIMARY KEY,
  registered_at timestamptz NOT NULL
);

CREATE TABLE claims (
  id uuid PRIMARY KEY,
  user_id text NOT NULL,
  -- an order the claim is about; the student's own (checked against billing's facts)
  order_id uuid,
  subject text NOT NULL,
  text text NOT NULL,
  -- platform: filed by the student; email: received at info@joo.kz and entered by an admin
  channel text NOT NULL CHECK (channel IN ('platform', 'email')),
  entered_by text,
  -- the answer is due 90 calendar days after this instant's Almaty date (13.2), whoever entered it
  received_at timestamptz NOT NULL,
  answer_due_by date NOT NULL,
  created_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('received', 'answered')),
  answer text,
  answered_at timestamptz,
  answered_by text,
  CHECK ((status = 'answered') = (answered_at IS NOT NULL AND answer IS NOT NULL)),
  CHECK ((channel = 'email') = (entered_by IS NOT NULL))
);
CREATE INDEX claims_user ON claims (user_id, received_at DESC, id DESC);
CREATE INDEX claims_queue ON claims (status, received_at, id);

-- an application received by e-mail (14.4.2) and entered by an admin on the student's behalf
ALTER TABLE applications ADD COLUMN entered_by text;
