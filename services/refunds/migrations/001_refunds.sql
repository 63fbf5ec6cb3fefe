-- Refunds (offer §14, Appendix 1). The facts an amount is computed from are copies of billing's and
-- catalog's events (docs/ARCHITECTURE.md §1.3): never the date or amount the student typed.

-- billing.order.created: who ordered what, and the snapshotted price
CREATE TABLE orders (
  id uuid PRIMARY KEY,
  user_id text NOT NULL,
  product_id text NOT NULL,
  product_version integer NOT NULL,
  price bigint NOT NULL CHECK (price >= 0),
  currency text NOT NULL,
  created_at timestamptz NOT NULL
);

-- billing.payment.succeeded: every successful payment of an order (the last one starts 14.1's 3 days)
CREATE TABLE payments (
  id text PRIMARY KEY,
  order_id uuid NOT NULL,
  user_id text NOT NULL,
  product_id text NOT NULL,
  product_version integer NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  paid_at timestamptz NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);

-- catalog.product.changed: the course length per product version (14.2 charges price ÷ months)
CREATE TABLE product_versions (
  product_id text NOT NULL,
  version integer NOT NULL,
  course_months integer NOT NULL CHECK (course_months >= 0),
  PRIMARY KEY (product_id, version)
);

-- catalog.entitlement.granted: when the order's access began (months of use count from here)
CREATE TABLE access_starts (
  order_id uuid PRIMARY KEY,
  valid_from timestamptz NOT NULL
);

CREATE TABLE applications (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL,
  user_id text NOT NULL,
  -- Appendix 1 as the student filled it in
  user_full_name text NOT NULL,
  payer_full_name text NOT NULL,
  stated_amount bigint NOT NULL,
  account_iban text NOT NULL,
  stated_payment_date date NOT NULL,
  bank_bic text NOT NULL,
  reason text NOT NULL,
  grounds text NOT NULL CHECK (grounds IN ('standard', 'force_majeure', 'law', 'other')),
  -- the assessment at receipt, from the replicated facts
  rule text NOT NULL CHECK (rule IN ('full', 'prorated', 'none', 'manual')),
  eligible_amount bigint CHECK (eligible_amount >= 0),
  months_charged integer NOT NULL,
  paid_amount bigint NOT NULL,
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'paid')),
  submitted_at timestamptz NOT NULL,
  review_due_by date NOT NULL,
  decided_at timestamptz,
  decided_by text,
  approved_amount bigint CHECK (approved_amount > 0),
  rejection_reason text,
  payout_due_by date,
  paid_at timestamptz,
  provider_refund_id text,
  CHECK ((status = 'submitted') = (decided_at IS NULL)),
  CHECK (status NOT IN ('approved', 'paid') OR (approved_amount IS NOT NULL AND payout_due_by IS NOT NULL))
);
-- one open application per order: a second one waits for the decision (or the payout) on the first
CREATE UNIQUE INDEX applications_one_open_per_order ON applications (order_id) WHERE status IN ('submitted', 'approved');
CREATE INDEX applications_user ON applications (user_id, submitted_at DESC, id DESC);
CREATE INDEX applications_status ON applications (status, submitted_at, id);
