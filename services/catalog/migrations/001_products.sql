-- Course packages and subscription tariffs. A product is never deleted once it may have been sold:
-- it is retired (offer 5.8), and every change of price or features is a new version.
CREATE TABLE products (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('package', 'subscription')),
  code text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  current_version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  retired_at timestamptz
);

CREATE TABLE product_versions (
  product_id uuid NOT NULL REFERENCES products (id),
  version integer NOT NULL CHECK (version >= 1),
  title jsonb NOT NULL,
  features jsonb NOT NULL,
  bonus_note jsonb,
  price bigint NOT NULL CHECK (price >= 0),
  currency text NOT NULL DEFAULT 'KZT' CHECK (currency = 'KZT'),
  course_months integer NOT NULL CHECK (course_months >= 0),
  bonus_days integer NOT NULL CHECK (bonus_days >= 0),
  requires_profile_subject boolean NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (product_id, version)
);
