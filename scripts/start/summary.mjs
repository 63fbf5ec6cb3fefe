// The block printed once everything is ready: where to find each thing and how to log in.
import { HOST } from './config.mjs';

export function printSummary({ identity, gateway, backends, jwksUrl, admin, dataDir, checkMode, providerEnv = {} }) {
  const width = Math.max(9, ...backends.map((s) => s.name.length + 1));
  const row = (label, text) => `  ${label.padEnd(width)} ${text}`;
  const lines = ['', 'joo-platform is running:'];
  if (gateway) {
    lines.push(row('gateway', `http://${HOST}:${gateway.port}   (routes /v1/<service>/...)`));
    lines.push(row('API docs', `http://${HOST}:${gateway.port}/docs`));
  }
  for (const s of backends) lines.push(row(s.name, `http://${HOST}:${s.port}${s.database ? `   (database ${s.database})` : ''}`));
  if (identity) {
    lines.push(row('JWKS', jwksUrl));
    // A password the user chose stays off the screen (and out of logs); the default is no secret.
    const shownPassword = process.env.ADMIN_PASSWORD ? '<the value of ADMIN_PASSWORD>' : admin.password;
    lines.push(row('admin', `${admin.email} / ${shownPassword}   (change with ADMIN_EMAIL / ADMIN_PASSWORD)`));
  }
  const billing = backends.find((s) => s.name === 'billing');
  if (billing && /(^|,)sandbox(,|$)/.test(billing.local.PAYMENT_PROVIDERS ?? '')) {
    lines.push(row('payments', 'sandbox: open an order\'s paymentUrl, then POST {paymentUrl}/confirm or /decline'));
  }
  if (providerEnv.SENDGRID_BASE_URL) {
    lines.push(row('messages', `fake SendGrid ${providerEnv.SENDGRID_BASE_URL}, fake Twilio ${providerEnv.TWILIO_BASE_URL} (nothing leaves this machine)`));
  }
  const leads = backends.find((s) => s.name === 'leads');
  if (leads?.local.DEMO_PARTNER_API_KEY) {
    lines.push(row('partner', `demo university API key ${leads.local.DEMO_PARTNER_API_KEY} (development only; see docs/partners.md)`));
  }
  const scraped = [...backends, ...(gateway ? [gateway] : [])].map((s) => `${s.name} :${s.metricsPort}`).join(', ');
  lines.push(row('metrics', `http://${HOST}:<port>/metrics of ${scraped} (pnpm observe scrapes them)`));
  lines.push(row('data', dataDir));
  if (!checkMode) lines.push('Press Ctrl-C to stop.');
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');
}
