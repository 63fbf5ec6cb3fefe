-- Offer 5.7: while a package is active its profile subjects cannot change. One row per catalog
-- entitlement that named a profile-subject pair; fed by catalog.entitlement.granted / revoked.
-- A lock past valid_until no longer holds (the package ended), so no job has to remove it.
CREATE TABLE profile_subject_locks (
  entitlement_id text PRIMARY KEY,
  user_id uuid NOT NULL,
  profile_subject text NOT NULL,
  subjects text[] NOT NULL,
  valid_until timestamptz NOT NULL,
  locked_at timestamptz NOT NULL
);
CREATE INDEX profile_subject_locks_user_idx ON profile_subject_locks (user_id, valid_until);
