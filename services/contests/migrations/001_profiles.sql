-- Contests' own copy of what identity's events say about each user (docs/ARCHITECTURE.md §1.3): enough to
-- decide eligibility and targeting and to compute anonymised statistics. No name, contact or IIN.
CREATE TABLE profiles (
  user_id          uuid PRIMARY KEY,
  region           text,
  locale           text,
  -- names of the optional profile fields (offer 7.1.2) that hold a value
  filled           text[] NOT NULL DEFAULT '{}',
  profile_subjects text[],
  unt_scores       jsonb,
  -- time of the identity event this row reflects; older events are ignored
  as_of            timestamptz NOT NULL,
  -- a tombstone: after identity.user.erased the row keeps nothing and no later event revives it
  erased_at        timestamptz
);
CREATE INDEX profiles_region ON profiles (region) WHERE erased_at IS NULL;
