-- Universities and their programmes (the directory students choose from).
CREATE TABLE universities (
  id uuid PRIMARY KEY,
  name_kk text NOT NULL,
  name_ru text NOT NULL,
  region text NOT NULL,
  city text,
  country text NOT NULL DEFAULT 'KZ',
  languages text[] NOT NULL DEFAULT '{}',
  website text,
  state_grants boolean NOT NULL DEFAULT false,
  internal_grants integer NOT NULL DEFAULT 0,
  grant_note_kk text,
  grant_note_ru text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Deleted universities leave the directory; their leads and ledger rows stay.
  deleted_at timestamptz
);
CREATE INDEX universities_listing ON universities (region, name_ru, id) WHERE deleted_at IS NULL;

CREATE TABLE programmes (
  id uuid PRIMARY KEY,
  university_id uuid NOT NULL REFERENCES universities (id) ON DELETE CASCADE,
  code text NOT NULL,
  name_kk text NOT NULL,
  name_ru text NOT NULL,
  UNIQUE (university_id, code)
);
CREATE INDEX programmes_code ON programmes (code);

-- leads' own copy of a student's contact data, fed by identity's events.
CREATE TABLE contacts (
  user_id uuid PRIMARY KEY,
  full_name text,
  email text,
  phone text,
  region text,
  locale text NOT NULL DEFAULT 'ru',
  unt_scores jsonb,
  offer_version integer,
  cross_border_transfer boolean NOT NULL DEFAULT false,
  -- event time of the last applied change: an older event never overwrites a newer one
  source_time timestamptz NOT NULL,
  erased_at timestamptz
);

-- A student's shortlist (offer Appendix 2 item 8): up to 4 universities and 4 specialties.
CREATE TABLE choices (
  user_id uuid PRIMARY KEY,
  universities uuid[] NOT NULL,
  specialties text[] NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE partners (
  id uuid PRIMARY KEY,
  university_id uuid NOT NULL REFERENCES universities (id),
  name text NOT NULL,
  webhook_url text,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);
CREATE INDEX partners_university ON partners (university_id);

-- API keys: only a SHA-256 of the key is kept; `lookup` (a non-secret slice) finds the row.
CREATE TABLE partner_api_keys (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id),
  lookup text NOT NULL,
  key_hash bytea NOT NULL,
  created_at timestamptz NOT NULL,
  -- set on rotation (old key lives on for the overlap) or revocation (now)
  expires_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX partner_api_keys_lookup ON partner_api_keys (lookup);

-- Webhook signing secrets (whsec_…), encrypted at rest; several are valid during a rotation.
CREATE TABLE partner_webhook_secrets (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id),
  secret_ciphertext text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz
);
CREATE INDEX partner_webhook_secrets_partner ON partner_webhook_secrets (partner_id);

CREATE TABLE leads (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  university_id uuid NOT NULL REFERENCES universities (id),
  programme jsonb,
  message text,
  -- the contact data as it was when the student pressed the button; null once pseudonymised
  contact jsonb,
  shared_fields text[] NOT NULL,
  consent jsonb NOT NULL,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'enrolled', 'declined')),
  status_note text,
  status_changed_at timestamptz,
  status_changed_by uuid,
  delivered_at timestamptz,
  delivered_via text,
  created_at timestamptz NOT NULL,
  pseudonymised_at timestamptz
);
CREATE INDEX leads_dedup ON leads (user_id, university_id, created_at DESC);
CREATE INDEX leads_partner_feed ON leads (university_id, created_at, id);

-- The transfer ledger: every time a student's personal data reached a university. It names the
-- fields, never holds their values, so it survives erasure unchanged but for the mark.
CREATE TABLE transfers (
  id uuid PRIMARY KEY,
  lead_id uuid NOT NULL REFERENCES leads (id),
  user_id uuid NOT NULL,
  university_id uuid NOT NULL,
  university_name jsonb NOT NULL,
  partner_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('webhook', 'pull')),
  fields text[] NOT NULL,
  consent jsonb NOT NULL,
  transferred_at timestamptz NOT NULL,
  subject_erased_at timestamptz
);
CREATE INDEX transfers_user ON transfers (user_id, transferred_at DESC, id);
-- A lead pulled again shows the university nothing new: the first pull per partner is the transfer.
CREATE UNIQUE INDEX transfers_first_pull ON transfers (lead_id, partner_id) WHERE channel = 'pull';

CREATE TABLE deliveries (
  id uuid PRIMARY KEY,
  lead_id uuid NOT NULL REFERENCES leads (id),
  partner_id uuid NOT NULL REFERENCES partners (id),
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  failed_at timestamptz,
  redelivered_at timestamptz,
  UNIQUE (lead_id, partner_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_by_status ON deliveries (status, created_at DESC, id);

CREATE TABLE delivery_attempts (
  delivery_id uuid NOT NULL REFERENCES deliveries (id),
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer,
  error text,
  PRIMARY KEY (delivery_id, attempt)
);
