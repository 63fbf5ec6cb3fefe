-- News in kk and ru: written by admins, or made from contest events (offer 10.4).
CREATE TABLE news (
  id uuid PRIMARY KEY,
  title jsonb NOT NULL,
  summary jsonb,
  body jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  published_at timestamptz,
  -- the event that produced it: contests / contest id / launched | drawn; null for admin news
  origin_source text,
  origin_id text,
  origin_kind text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE UNIQUE INDEX news_origin_idx ON news (origin_source, origin_id, origin_kind) WHERE origin_source IS NOT NULL;
CREATE INDEX news_public_idx ON news (published_at DESC, id DESC) WHERE status = 'published';
