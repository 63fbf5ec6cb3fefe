-- How an approved refund is paid (offer 14.7): by bank transfer to the account of the application
-- (the default), or back to the card through the payment provider when an admin chooses so, with the
-- reason. Kept apart from applications: one row per approved application, written at approval.
CREATE TABLE application_payouts (
  application_id uuid PRIMARY KEY REFERENCES applications (id),
  method text NOT NULL CHECK (method IN ('bank-transfer', 'card')),
  method_reason text,
  -- the bank returned the transfer (billing.refund.returned.v1): the student corrects the details
  returned_at timestamptz,
  return_reason text,
  corrected_at timestamptz
);
