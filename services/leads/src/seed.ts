import { readFileSync } from 'node:fs';
import { Type } from 'typebox';
import { withTransaction, type Pool } from '@joo/db';
import { isMainModule, runDatabaseScript } from '@joo/service-runtime';
import { uuidv7 } from 'uuidv7';
import { hashApiKey, lookupOf } from './crypto/api-keys.js';
import { createSecretBox, generateWebhookSecret } from './crypto/secrets.js';
import { insertApiKey, insertPartner, insertWebhookSecret } from './store/partners.js';
import { saveUniversity, type UniversityInput } from './store/universities.js';

export const DEMO_PARTNER_ID = '0193a000-0000-7000-8000-0000000000a1';

interface DemoUniversity extends UniversityInput { id: string }

export function demoUniversities(): DemoUniversity[] {
  return JSON.parse(readFileSync(new URL('../data/demo-universities.json', import.meta.url), 'utf8')) as DemoUniversity[];
}

export interface SeedOptions {
  partnerSecretsKey: string;
  /** a dev-only key for the demo partner (`joo_pk_…`); without it the demo partner has no key */
  demoApiKey?: string;
  demoWebhookSecret?: string;
  demoWebhookUrl?: string;
  now?: Date;
}

/**
 * Idempotent: the demo universities (fixed ids; an existing one is left as an admin may have
 * edited it) and one demo partner of the first. A dev key given in DEMO_PARTNER_API_KEY is added
 * to it when missing, so the start script can print the key it generated itself.
 */
export async function seed(pool: Pool, options: SeedOptions): Promise<string> {
  const now = options.now ?? new Date();
  const box = createSecretBox(options.partnerSecretsKey);
  return withTransaction(pool, async (tx) => {
    let added = 0;
    for (const u of demoUniversities()) {
      const { rowCount } = await tx.query('SELECT 1 FROM universities WHERE id = $1', [u.id]);
      if (rowCount) continue;
      await saveUniversity(tx, u.id, u, now, uuidv7);
      added += 1;
    }
    const first = demoUniversities()[0]!;
    const { rowCount: partnerExists } = await tx.query('SELECT 1 FROM partners WHERE id = $1', [DEMO_PARTNER_ID]);
    if (!partnerExists) {
      await insertPartner(tx, { id: DEMO_PARTNER_ID, universityId: first.id, name: 'Demo partner', webhookUrl: options.demoWebhookUrl ?? null, now });
      await insertWebhookSecret(tx, DEMO_PARTNER_ID, uuidv7(), box.seal(options.demoWebhookSecret ?? generateWebhookSecret()), now);
    }
    let key = 'no API key (set DEMO_PARTNER_API_KEY, or issue one: POST /v1/leads/admin/partners/:id/api-keys)';
    if (options.demoApiKey) {
      const lookup = lookupOf(options.demoApiKey);
      if (!lookup) throw new Error('DEMO_PARTNER_API_KEY must look like joo_pk_ followed by 43 base64url characters');
      const hash = hashApiKey(options.demoApiKey);
      const { rowCount } = await tx.query('SELECT 1 FROM partner_api_keys WHERE partner_id = $1 AND key_hash = $2', [DEMO_PARTNER_ID, hash]);
      if (!rowCount) await insertApiKey(tx, DEMO_PARTNER_ID, uuidv7(), { key: options.demoApiKey, lookup, hash }, now);
      // The variable is set only for laptops and tests (deploy/services.json `local`): showing it is the point.
      key = `dev-only API key ${options.demoApiKey} (DEMO_PARTNER_API_KEY)`;
    }
    return `demo universities ${added} added, ${demoUniversities().length - added} present; demo partner ${DEMO_PARTNER_ID} ${partnerExists ? 'present' : 'created'} with ${key}`;
  });
}

if (isMainModule(import.meta.url)) {
  await runDatabaseScript('leads', 'seed', (pool, config) => seed(pool, {
    partnerSecretsKey: config.PARTNER_SECRETS_KEY,
    ...(config.DEMO_PARTNER_API_KEY ? { demoApiKey: config.DEMO_PARTNER_API_KEY } : {}),
    ...(config.DEMO_PARTNER_WEBHOOK_SECRET ? { demoWebhookSecret: config.DEMO_PARTNER_WEBHOOK_SECRET } : {}),
    ...(config.DEMO_PARTNER_WEBHOOK_URL ? { demoWebhookUrl: config.DEMO_PARTNER_WEBHOOK_URL } : {}),
  }), Type.Object({
    PARTNER_SECRETS_KEY: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' }),
    DEMO_PARTNER_API_KEY: Type.Optional(Type.String()),
    DEMO_PARTNER_WEBHOOK_SECRET: Type.Optional(Type.String({ pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$' })),
    DEMO_PARTNER_WEBHOOK_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  }));
}
