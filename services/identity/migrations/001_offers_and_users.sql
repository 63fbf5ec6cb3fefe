-- Versions of the public offer (kk and ru text); the highest version is the current one.
CREATE TABLE offers (
  version integer PRIMARY KEY CHECK (version > 0),
  published_at timestamptz NOT NULL,
  text_kk text NOT NULL,
  text_ru text NOT NULL,
  summary jsonb
);

-- One row per account. Personal fields are nullable: erasure wipes them and keeps the id.
CREATE TABLE users (
  id uuid PRIMARY KEY,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed', 'erased')),
  roles text[] NOT NULL DEFAULT ARRAY['student'],
  full_name text,
  email text,
  -- lower-cased e-mail: the login and the uniqueness key
  email_key text,
  -- E.164 (+77XXXXXXXXX)
  phone text,
  region text,
  locale text NOT NULL CHECK (locale IN ('kk', 'ru')),
  password_hash text,
  -- the optional profile of offer 7.1.2 / 8.1, without the IIN
  profile jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- AES-256-GCM of the IIN and its HMAC-SHA256 blind index
  iin_ciphertext bytea,
  iin_index bytea,
  suspended_reason text,
  suspended_at timestamptz,
  closed_at timestamptz,
  erased_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key_idx ON users (email_key);
CREATE UNIQUE INDEX users_phone_idx ON users (phone);
CREATE UNIQUE INDEX users_iin_index_idx ON users (iin_index);
CREATE INDEX users_created_idx ON users (created_at DESC, id DESC);

-- Evidence of every offer decision: acceptance at registration or later, and refusal.
CREATE TABLE offer_decisions (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  offer_version integer NOT NULL REFERENCES offers (version),
  decision text NOT NULL CHECK (decision IN ('accepted', 'refused')),
  decided_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX offer_decisions_user_idx ON offer_decisions (user_id, decided_at DESC);
