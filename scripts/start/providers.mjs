// The fake SendGrid and Twilio of packages/testing, run for notifications when no real provider
// credentials are configured, so that every message flow works on one machine, offline. The fake
// SendGrid signs its Event Webhook with a key kept under <data>/secrets, so the public key the
// service verifies with stays the same across restarts.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isStopping } from './children.mjs';
import { HOST, ROOT } from './config.mjs';
import { delay } from './delay.mjs';
import { ConfigError, Stopped } from './errors.mjs';
import { intFromEnv } from './options.mjs';
import { log } from './output.mjs';
import { superviseService } from './supervise.mjs';

/** 4010 and 4011 unless FAKE_SENDGRID_PORT / FAKE_TWILIO_PORT say otherwise. */
export function fakeProviderPorts() {
  return { sendgrid: intFromEnv('FAKE_SENDGRID_PORT', 4010), twilio: intFromEnv('FAKE_TWILIO_PORT', 4011) };
}

/** True when the environment names real providers: then nothing is faked. */
export function realProvidersConfigured() {
  return Boolean(process.env.SENDGRID_API_KEY && process.env.TWILIO_AUTH_TOKEN);
}

/**
 * Starts the fakes and resolves with the variables notifications needs to use them
 * (SENDGRID_BASE_URL, SENDGRID_WEBHOOK_PUBLIC_KEY, TWILIO_BASE_URL).
 */
export async function startFakeProviders({ notifications, dataDir, timeoutMs, checkMode }) {
  const ports = fakeProviderPorts();
  const envFile = path.join(dataDir, 'fake-providers.env');
  rmSync(envFile, { force: true });
  const unit = superviseService('providers', path.join(ROOT, 'packages', 'testing', 'dist', 'fakes', 'serve-providers.js'), {
    cwd: ROOT,
    checkMode,
    env: {
      ...process.env,
      FAKE_SENDGRID_PORT: String(ports.sendgrid),
      FAKE_TWILIO_PORT: String(ports.twilio),
      FAKE_SENDGRID_WEBHOOK_URL: `http://${HOST}:${notifications.port}/v1/notifications/webhooks/sendgrid`,
      FAKE_SENDGRID_KEY_FILE: path.join(dataDir, 'secrets', 'fake-sendgrid-webhook.pem'),
      FAKE_PROVIDERS_ENV_FILE: envFile,
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(envFile)) {
    if (isStopping() || unit.child.exited) throw new Stopped();
    if (Date.now() > deadline) throw new ConfigError(`the fake SendGrid and Twilio did not start within ${Math.round(timeoutMs / 1000)}s`);
    await delay(100);
  }
  const env = Object.fromEntries(readFileSync(envFile, 'utf8').trim().split('\n').map((line) => {
    const at = line.indexOf('=');
    return [line.slice(0, at), line.slice(at + 1)];
  }));
  unit.ready();
  log(`fake SendGrid on ${env.SENDGRID_BASE_URL}, fake Twilio on ${env.TWILIO_BASE_URL} (set SENDGRID_API_KEY and TWILIO_AUTH_TOKEN for the real ones)`);
  return env;
}
