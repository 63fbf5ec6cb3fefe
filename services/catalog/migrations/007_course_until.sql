-- The end of the course proper (offer Appendix 2, ADR 0020): from course_until to valid_until is
-- the bonus period, when recorded lessons and test sets stay open but live lessons end. NULL: the
-- whole validity is course time. Existing rows get it from the terms of the version bought,
-- computed as accessWindow does (months on the Almaty calendar, clamped), never past valid_until.
ALTER TABLE entitlements ADD COLUMN course_until timestamptz;
ALTER TABLE entitlements ADD CONSTRAINT entitlements_course_within CHECK (course_until IS NULL OR course_until <= valid_until);

UPDATE entitlements e SET course_until = LEAST(e.valid_until,
    ((e.valid_from AT TIME ZONE 'Asia/Almaty') + make_interval(months => v.course_months)) AT TIME ZONE 'Asia/Almaty')
  FROM product_versions v
 WHERE v.product_id = e.product_id AND v.version = e.product_version;
