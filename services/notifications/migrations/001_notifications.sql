-- Contact details, locale and consents, kept from identity's events (never read from identity's database).
CREATE TABLE recipients (
  user_id          text PRIMARY KEY,
  full_name        text,
  email            text,
  phone            text,
  region           text,
  locale           text NOT NULL DEFAULT 'ru' CHECK (locale IN ('kk', 'ru')),
  marketing_email  boolean NOT NULL DEFAULT false,
  marketing_sms    boolean NOT NULL DEFAULT false,
  marketing_calls  boolean NOT NULL DEFAULT false,
  -- event time of the last contact / consent change applied, so older events do not win
  contacts_at      timestamptz,
  consents_at      timestamptz,
  erased_at        timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recipients_live ON recipients (region, locale) WHERE erased_at IS NULL;

-- Admin broadcasts and shutdown notices; their messages carry broadcast_id.
CREATE TABLE broadcasts (
  id           uuid PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('marketing', 'shutdown')),
  status       text NOT NULL CHECK (status IN ('scheduled', 'expanded')),
  audience     jsonb NOT NULL,
  channels     text[] NOT NULL,
  template     text,
  content      jsonb,
  schedule_at  timestamptz NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  expanded_at  timestamptz,
  total        integer
);
CREATE INDEX broadcasts_due ON broadcasts (schedule_at) WHERE status = 'scheduled';

-- One row per (event, user, channel): dedupe_key makes each sent at most once.
CREATE TABLE messages (
  id               uuid PRIMARY KEY,
  dedupe_key       text NOT NULL UNIQUE,
  user_id          text,
  channel          text NOT NULL CHECK (channel IN ('email', 'sms', 'voice')),
  template         text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('transactional', 'marketing')),
  locale           text NOT NULL CHECK (locale IN ('kk', 'ru')),
  address          text,
  subject          text,
  body             text,
  -- pending → sending → sent → delivered; failed and cancelled are final
  status           text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
  -- an attempt's outcome is unknown (timeout, or the process died mid-send): ask the provider first
  in_doubt         boolean NOT NULL DEFAULT false,
  erase_after_send boolean NOT NULL DEFAULT false,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  lease_until      timestamptz,
  -- who holds the claim: a sender records its outcome only while it still holds it
  claim_token      uuid,
  first_attempt_at timestamptz,
  provider_id      text,
  provider_status  text,
  last_error       text,
  broadcast_id     uuid REFERENCES broadcasts (id),
  source_event     text,
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX messages_user ON messages (user_id, created_at DESC, id DESC);
CREATE INDEX messages_broadcast ON messages (broadcast_id, status) WHERE broadcast_id IS NOT NULL;
CREATE UNIQUE INDEX messages_provider ON messages (channel, provider_id) WHERE provider_id IS NOT NULL;

-- The delivery log: one row per attempt and per provider status callback.
CREATE TABLE delivery_log (
  id           bigserial PRIMARY KEY,
  message_id   uuid NOT NULL REFERENCES messages (id),
  at           timestamptz NOT NULL,
  what         text NOT NULL CHECK (what IN ('attempt', 'lookup', 'callback')),
  outcome      text NOT NULL,
  http_status  integer,
  provider_id  text,
  detail       text
);
CREATE INDEX delivery_log_message ON delivery_log (message_id, id);
