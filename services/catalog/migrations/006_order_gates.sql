-- A payment and the approval of its refund arrive on two streams and may be handled at the same
-- moment. Each handler first upserts the order's gate row: the second waits for the first to
-- commit and then sees what it wrote (an upsert works on the latest committed row, whatever its
-- snapshot), so neither can miss the other and leave a refunded order's entitlement live.
CREATE TABLE order_gates (
  order_id text PRIMARY KEY,
  paid boolean NOT NULL DEFAULT false,
  refund_application_id text,
  refund_approved_at timestamptz
);

INSERT INTO order_gates (order_id, refund_application_id, refund_approved_at)
  SELECT order_id, application_id, approved_at FROM refunded_orders;
INSERT INTO order_gates (order_id, paid)
  SELECT order_id, true FROM entitlements WHERE order_id IS NOT NULL
  ON CONFLICT (order_id) DO UPDATE SET paid = true;

-- refunded_orders is no longer written (order_gates holds what it held); it stays until no
-- replica of the previous release reads it.
