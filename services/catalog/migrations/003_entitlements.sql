-- Who may use which product, from when until when, and from which order. Not personal data beyond
-- the user id: on erasure the active ones are revoked and the profile subject is cleared.
CREATE TABLE entitlements (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  product_id uuid NOT NULL REFERENCES products (id),
  product_version integer NOT NULL,
  -- null when an admin granted it; one entitlement per paid order, so a replayed payment grants nothing twice
  order_id text UNIQUE,
  profile_subject text,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz NOT NULL CHECK (valid_until > valid_from),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  granted_by text NOT NULL CHECK (granted_by IN ('payment', 'admin')),
  revoked_reason text CHECK (revoked_reason IN ('refund', 'admin', 'erased')),
  revoked_note text,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
-- The access check: a user's live entitlements for the products a content item belongs to.
CREATE INDEX entitlements_access_idx ON entitlements (user_id, product_id, valid_until) WHERE status = 'active';
CREATE INDEX entitlements_user_idx ON entitlements (user_id, created_at DESC);

-- Refunds approved for orders not granted here yet (events of different streams may arrive in
-- either order): a payment arriving later finds its refund and grants nothing live.
CREATE TABLE refunded_orders (
  order_id text PRIMARY KEY,
  application_id text NOT NULL,
  approved_at timestamptz NOT NULL
);
