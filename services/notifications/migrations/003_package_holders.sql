-- Who holds a package (ADR 0020), from catalog.entitlement.granted/revoked: the mock window
-- reminder goes to students in the course time of a package in force (mocks end in the bonus
-- period). Only ids and dates: nothing personal beyond the user id.
CREATE TABLE package_holders (
  entitlement_id text PRIMARY KEY,
  user_id text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  -- end of the course proper; NULL: all of the validity is course time
  course_until timestamptz,
  revoked_at timestamptz
);
CREATE INDEX package_holders_user ON package_holders (user_id);
