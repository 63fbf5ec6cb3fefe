-- Offer 3.7: SendGrid and Twilio process personal data outside Kazakhstan. Without the user's
-- cross-border consent nothing of theirs goes to them; the message waits in the in-app inbox.
ALTER TABLE recipients ADD COLUMN cross_border_transfer boolean NOT NULL DEFAULT false;

-- 'inbox': a message kept only in the user's inbox (GET /v1/notifications/me), never sent out.
ALTER TABLE messages DROP CONSTRAINT messages_channel_check;
ALTER TABLE messages ADD CONSTRAINT messages_channel_check CHECK (channel IN ('email', 'sms', 'voice', 'inbox'));
-- a service message (payments, refunds, security) the user must get (templates' "required")
ALTER TABLE messages ADD COLUMN required boolean NOT NULL DEFAULT false;
-- when the user marked it read in the app
ALTER TABLE messages ADD COLUMN read_at timestamptz;
