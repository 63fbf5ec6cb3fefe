-- Content items: recorded lessons, live broadcasts (with their schedule) and test sets.
CREATE TABLE content_items (
  id uuid PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('lesson', 'live', 'test-set')),
  subject text NOT NULL,
  languages text[] NOT NULL CHECK (cardinality(languages) BETWEEN 1 AND 2 AND languages <@ ARRAY['kk', 'ru']),
  -- {kk?, ru?}: one title per language the item is in
  title jsonb NOT NULL,
  description jsonb,
  -- where the media lives (object-store key or stream name); handed out only through signed URLs
  media_ref text NOT NULL,
  duration_minutes integer CHECK (duration_minutes > 0),
  starts_at timestamptz,
  question_count integer CHECK (question_count > 0),
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'archived')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (type <> 'live' OR starts_at IS NOT NULL)
);
CREATE INDEX content_items_list_idx ON content_items (status, subject, id DESC);

CREATE TABLE content_products (
  content_id uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  PRIMARY KEY (content_id, product_id)
);
CREATE INDEX content_products_product_idx ON content_products (product_id);
