-- Offer 14.7: a refund is paid "по реквизитам, указанным в заявлении" — by bank transfer to the
-- account of the refund application — unless an admin chose the card (back through the provider).
-- Rows from before keep 'card': that is how they were being paid.
ALTER TABLE refund_payouts
  ADD COLUMN method text NOT NULL DEFAULT 'card' CHECK (method IN ('card', 'bank-transfer')),
  -- The account to pay (Appendix 1 items 2, 4, 6): the one personal detail billing keeps, because a
  -- transfer cannot be made without it. Corrected by the student after a return.
  ADD COLUMN pay_to_name text,
  ADD COLUMN pay_to_iban text,
  ADD COLUMN pay_to_bic text,
  -- the bank's last return reason (ISO 20022 ExternalReturnReason1Code, e.g. AC01)
  ADD COLUMN return_reason text,
  ADD CONSTRAINT refund_payouts_bank_details CHECK (method = 'card' OR (pay_to_name IS NOT NULL AND pay_to_iban IS NOT NULL AND pay_to_bic IS NOT NULL));

-- batched: in a transfer batch, waiting for the bank's statement; returned: the bank sent the money
-- back, waiting for the student's corrected details.
ALTER TABLE refund_payouts DROP CONSTRAINT refund_payouts_status_check;
ALTER TABLE refund_payouts ADD CONSTRAINT refund_payouts_status_check
  CHECK (status IN ('pending', 'sending', 'batched', 'returned', 'paid', 'review'));

-- Only card payouts are sent by the worker.
DROP INDEX refund_payouts_due;
CREATE INDEX refund_payouts_due ON refund_payouts (next_attempt_at) WHERE status = 'pending' AND method = 'card';
-- Every unpaid state counts against the 14.7 deadline.
DROP INDEX refund_payouts_unpaid_by_due;
CREATE INDEX refund_payouts_unpaid_by_due ON refund_payouts (payout_due_by) WHERE status IN ('pending', 'sending', 'batched', 'returned', 'review');

-- A day's transfers (Asia/Almaty business date), sent to the bank as one pain.001 file. A batch is
-- open while transfers are added and closes once; its file never changes after that.
CREATE TABLE payout_batches (
  id uuid PRIMARY KEY,
  business_date date NOT NULL,
  -- GrpHdr/MsgId and PmtInf/PmtInfId: fixed at creation, unique for the bank's duplicate check
  msg_id text NOT NULL UNIQUE CHECK (length(msg_id) <= 35),
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- at most one open batch per day: every payout of the day goes into the same file
CREATE UNIQUE INDEX payout_batches_one_open_per_day ON payout_batches (business_date) WHERE status = 'open';
CREATE INDEX payout_batches_recent ON payout_batches (created_at DESC, id DESC);

-- One transfer of a payout in a batch. A returned transfer stays as history; the payout's next
-- transfer goes into a later batch with a new EndToEndId.
CREATE TABLE payout_transfers (
  end_to_end_id text PRIMARY KEY CHECK (length(end_to_end_id) <= 35),
  batch_id uuid NOT NULL REFERENCES payout_batches (id),
  application_id text NOT NULL REFERENCES refund_payouts (application_id),
  amount bigint NOT NULL CHECK (amount > 0),
  pay_to_name text NOT NULL,
  pay_to_iban text NOT NULL,
  pay_to_bic text NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'paid', 'returned')),
  -- the bank's AcctSvcrRef of the booked debit (a batch booking may share one across transfers)
  bank_reference text,
  return_reason text,
  added_at timestamptz NOT NULL,
  settled_at timestamptz,
  CHECK ((status = 'paid') = (bank_reference IS NOT NULL)),
  CHECK ((status = 'returned') = (return_reason IS NOT NULL))
);
-- A payout is in at most one transfer not returned: it is never sent twice nor paid twice.
CREATE UNIQUE INDEX payout_transfers_one_live ON payout_transfers (application_id) WHERE status IN ('sent', 'paid');
CREATE INDEX payout_transfers_batch ON payout_transfers (batch_id, added_at, end_to_end_id);
