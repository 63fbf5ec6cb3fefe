CREATE TABLE contests (
  id          uuid PRIMARY KEY,
  kind        text NOT NULL,
  status      text NOT NULL CHECK (status IN ('draft', 'active', 'stopped', 'drawn')),
  title       jsonb NOT NULL,
  description jsonb NOT NULL,
  conditions  jsonb NOT NULL,
  sponsor     jsonb NOT NULL,
  prizes      jsonb NOT NULL,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  eligibility jsonb NOT NULL,
  -- the fair draw: seed made at the first launch, kept secret until the draw; commitment = SHA-256(seed)
  seed        bytea,
  commitment  text,
  launched_at timestamptz,
  drawn_at    timestamptz,
  draw        jsonb,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX contests_listing ON contests (starts_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX contests_admin_listing ON contests (created_at DESC, id DESC);

-- Who changed what and when (offer 10.3: changes at any time, so they are kept and shown).
CREATE TABLE contest_audit (
  id         bigserial PRIMARY KEY,
  contest_id uuid NOT NULL REFERENCES contests (id),
  actor_id   uuid,
  action     text NOT NULL,
  changes    jsonb NOT NULL DEFAULT '{}',
  at         timestamptz NOT NULL
);
CREATE INDEX contest_audit_contest ON contest_audit (contest_id, id);

CREATE TABLE entries (
  id          uuid PRIMARY KEY,
  contest_id  uuid NOT NULL REFERENCES contests (id),
  -- NULL once the user is erased: the entry (and the count, and the published draw) survives
  user_id     uuid,
  created_at  timestamptz NOT NULL,
  erased_at   timestamptz,
  prize       text,
  CONSTRAINT entries_one_per_user UNIQUE (contest_id, user_id)
);
CREATE INDEX entries_user ON entries (user_id) WHERE user_id IS NOT NULL;
