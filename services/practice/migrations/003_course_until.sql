-- The end of the course proper (catalog's courseUntil): after it, until valid_until, is the bonus
-- period, when practice stays open but mocks and curator follow-up end. NULL: all of it is course time.
ALTER TABLE entitlements ADD COLUMN course_until timestamptz;
