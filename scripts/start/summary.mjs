// The block printed once everything is ready: where to find each thing and how to log in.
import { HOST } from './config.mjs';

export function printSummary({ identity, gateway, backends, jwksUrl, admin, dataDir, checkMode }) {
  const lines = ['', 'joo-platform is running:'];
  if (gateway) {
    lines.push(`  gateway   http://${HOST}:${gateway.port}   (routes /v1/<service>/...)`);
    lines.push(`  API docs  http://${HOST}:${gateway.port}/docs`);
  }
  for (const s of backends) lines.push(`  ${s.name.padEnd(9)} http://${HOST}:${s.port}${s.database ? `   (database ${s.database})` : ''}`);
  if (identity) {
    lines.push(`  JWKS      ${jwksUrl}`);
    // A password the user chose stays off the screen (and out of logs); the default is no secret.
    const shownPassword = process.env.ADMIN_PASSWORD ? '<the value of ADMIN_PASSWORD>' : admin.password;
    lines.push(`  admin     ${admin.email} / ${shownPassword}   (change with ADMIN_EMAIL / ADMIN_PASSWORD)`);
  }
  lines.push(`  data      ${dataDir}`);
  if (!checkMode) lines.push('Press Ctrl-C to stop.');
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');
}
