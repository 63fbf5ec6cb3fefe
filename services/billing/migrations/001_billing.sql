-- Billing holds no personal data: users appear by their id only (identity owns who they are).

-- The price list, kept from catalog.product.changed.v1 (the latest version per product).
CREATE TABLE products (
  product_id text PRIMARY KEY,
  version integer NOT NULL CHECK (version >= 1),
  kind text NOT NULL,
  code text NOT NULL,
  title jsonb NOT NULL,
  price bigint NOT NULL CHECK (price >= 0),
  currency text NOT NULL CHECK (currency = 'KZT'),
  requires_profile_subject boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'retired')),
  changed_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id uuid PRIMARY KEY,
  user_id text NOT NULL,
  product_id text NOT NULL REFERENCES products (product_id),
  product_version integer NOT NULL,
  -- what was bought, as it was when bought (the snapshot survives later versions)
  product_code text NOT NULL,
  product_title jsonb NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  currency text NOT NULL CHECK (currency = 'KZT'),
  profile_subject text,
  provider text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'on_hold', 'cancelled')),
  refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  paid_at timestamptz
);
CREATE INDEX orders_by_user ON orders (user_id, created_at DESC, id DESC);

CREATE TABLE payments (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL UNIQUE REFERENCES orders (id),
  provider text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'suspicious')),
  provider_payment_id text,
  provider_transaction_id text,
  payment_url text NOT NULL,
  failure_reason text,
  created_at timestamptz NOT NULL,
  settled_at timestamptz
);

-- Every verified notice, including duplicates and mismatches: the audit trail of what providers said.
-- Only the fields billing uses are kept, never the card holder's name, e-mail or address.
CREATE TABLE payment_notices (
  id bigserial PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES payments (id),
  provider text NOT NULL,
  outcome text NOT NULL,
  amount bigint,
  currency text,
  provider_transaction_id text,
  decision text NOT NULL CHECK (decision IN ('succeed', 'fail', 'suspicious', 'duplicate')),
  detail text,
  received_at timestamptz NOT NULL
);
CREATE INDEX payment_notices_by_payment ON payment_notices (payment_id, received_at);

-- Approved refunds to pay back, one per refund application: the primary key is what makes a
-- second approval event (or a replay) unable to pay twice.
CREATE TABLE refund_payouts (
  application_id text PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id),
  payment_id uuid NOT NULL REFERENCES payments (id),
  user_id text NOT NULL,
  provider text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  -- pending: to send; sending: a call is (or was, if the process died) in flight; paid; review: a
  -- call may or may not have moved money, or the refund cannot be paid: a person decides.
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'paid', 'review')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  provider_refund_id text,
  created_at timestamptz NOT NULL,
  paid_at timestamptz
);
CREATE INDEX refund_payouts_due ON refund_payouts (next_attempt_at) WHERE status = 'pending';
