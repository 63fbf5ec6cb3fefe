-- A content item's revision: bumped by every change to the item or its product list, so a replica
-- can keep an item it has read and know, from one small column, whether it is still current.
ALTER TABLE content_items ADD COLUMN revision bigint NOT NULL DEFAULT 1;
