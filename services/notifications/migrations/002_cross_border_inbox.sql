-- Offer 3.7: SendGrid and Twilio process personal data outside Kazakhstan. Without the user's
-- cross-border consent nothing of theirs goes to them; the message waits in the in-app inbox.
ALTER TABLE recipients ADD COLUMN cross_border_transfer boolean NOT NULL DEFAULT false;

-- status 'inbox': kept only in the user's in-app inbox (GET /v1/notifications/me), never sent out;
-- its channel is the one whose text it holds. Final, like delivered.
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'cancelled', 'inbox'));
-- a service message (payments, refunds, security) the user must get (templates' "required")
ALTER TABLE messages ADD COLUMN required boolean NOT NULL DEFAULT false;
-- when the user marked it read in the app
ALTER TABLE messages ADD COLUMN read_at timestamptz;
