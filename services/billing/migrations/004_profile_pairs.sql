-- Offer 5.7 (issue 23, ADR 0023): the profile-subject pairs an order for the product may name, as
-- catalog.product.changed announces them. NULL: announced by a catalog from before this field;
-- such a product is not checked until its next change.
ALTER TABLE products ADD COLUMN profile_pairs text[];
