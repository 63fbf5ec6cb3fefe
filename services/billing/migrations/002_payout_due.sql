-- Offer 14.7: an approved refund is paid within 10 banking days. refunds computes the date on
-- Kazakhstan's banking calendar and sends it as payoutDueBy (an Asia/Almaty date); billing keeps it
-- so that late payouts can be seen (joo_billing_payouts_overdue) and admins see the deadline.
--
-- Nullable and not backfilled: rows from before this migration lost the date, and recomputing it
-- needs the holiday calendar, which lives in refunds, not in SQL. A guess (created_at + 14 days)
-- would raise or hide alerts for money on a date the law did not set. Such rows are never counted
-- as overdue; the admin list shows their date as null.
ALTER TABLE refund_payouts ADD COLUMN payout_due_by date;

-- What the overdue gauge reads at every scrape: the unpaid payouts, by deadline.
CREATE INDEX refund_payouts_unpaid_by_due ON refund_payouts (payout_due_by) WHERE status IN ('pending', 'sending', 'review');
