/**
 * `node packages/testing/dist/fakes/serve-providers.js [--sendgrid-port N] [--twilio-port N]
 *   [--sendgrid-webhook URL] [--key-file PATH] [--write-env PATH]`
 *
 * Runs the fake SendGrid and Twilio for `pnpm start` on one machine, offline. Each option may be
 * given as an environment variable instead: FAKE_SENDGRID_PORT (4010), FAKE_TWILIO_PORT (4011),
 * FAKE_SENDGRID_WEBHOOK_URL (where Event Webhook batches go; default notifications on 3005),
 * FAKE_SENDGRID_KEY_FILE (keeps the webhook signing key across restarts), FAKE_PROVIDERS_ENV_FILE
 * (also write the variables below there). Twilio status callbacks go to each request's
 * StatusCallback. Prints the URLs and the variables the notifications service needs, then runs
 * until SIGINT/SIGTERM.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { fakeSendGrid } from './sendgrid.js';
import { fakeTwilio } from './twilio.js';

const { values } = parseArgs({
  options: {
    'sendgrid-port': { type: 'string' },
    'twilio-port': { type: 'string' },
    'sendgrid-webhook': { type: 'string' },
    'key-file': { type: 'string' },
    'write-env': { type: 'string' },
  },
});

const port = (value: string | undefined, fallback: number): number => {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`serve-providers: not a port: ${value}\n`);
    process.exit(1);
  }
  return n;
};

const env = process.env;
const keyFile = values['key-file'] ?? env.FAKE_SENDGRID_KEY_FILE;
const envFile = values['write-env'] ?? env.FAKE_PROVIDERS_ENV_FILE;
const webhookUrl = values['sendgrid-webhook'] ?? env.FAKE_SENDGRID_WEBHOOK_URL ?? 'http://127.0.0.1:3005/v1/notifications/webhooks/sendgrid';

const sendgrid = await fakeSendGrid(null, {
  port: port(values['sendgrid-port'] ?? env.FAKE_SENDGRID_PORT, 4010),
  webhookUrl,
  autoEvents: true,
  ...(keyFile && existsSync(keyFile) ? { privateKeyPem: readFileSync(keyFile, 'utf8') } : {}),
});
if (keyFile && !existsSync(keyFile)) {
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, sendgrid.privateKeyPem, { mode: 0o600 });
}
const twilio = await fakeTwilio(null, { port: port(values['twilio-port'] ?? env.FAKE_TWILIO_PORT, 4011), autoCallbacks: true });

const lines = [
  `SENDGRID_BASE_URL=${sendgrid.url}`,
  `SENDGRID_WEBHOOK_PUBLIC_KEY=${sendgrid.publicKey}`,
  `TWILIO_BASE_URL=${twilio.url}`,
];
if (envFile) {
  mkdirSync(dirname(envFile), { recursive: true });
  writeFileSync(envFile, `${lines.join('\n')}\n`);
}
process.stdout.write(`fake SendGrid ${sendgrid.url} (events to ${webhookUrl})\nfake Twilio ${twilio.url}\n${lines.join('\n')}\n`);

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await Promise.all([sendgrid.close(), twilio.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
