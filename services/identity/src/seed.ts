import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Type } from 'typebox';
import { UserRegistered } from '@joo/contracts';
import { createPool, withTransaction, type Pool } from '@joo/db';
import { loadConfigOrExit } from '@joo/service-kit';
import { emit } from './context.js';
import { hashPassword } from './crypto/passwords.js';
import { loadOffer } from './domain/offer-text.js';
import { NO_CONSENTS } from './store/consents.js';
import { ensureOffer } from './store/offers.js';
import { findUserByLogin, insertUser, setRoles } from './store/users.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@joo.local';
export const DEFAULT_ADMIN_PASSWORD = 'joo-admin-2026!';

/**
 * Idempotent seed: offer v1 (from data/) and the admin account. An existing admin keeps its
 * password; it only gets the admin role back if it lost it. A created admin announces itself with
 * identity.user.registered in the same transaction, as a registration does, so the services that
 * keep contact details (notifications) know it: no phone, no region (empty, as the consumers read
 * them) and offer version 0, since it accepted none.
 */
export async function seed(pool: Pool, admin: { email: string; password: string }, now = new Date()): Promise<{ offer: boolean; admin: 'created' | 'exists' }> {
  const offer = await loadOffer(1);
  const offerInserted = await ensureOffer(pool, { version: offer.version, publishedAt: new Date(offer.publishedAt), text: offer.text });
  const existing = await findUserByLogin(pool, { email: admin.email });
  if (existing) {
    if (!existing.roles.includes('admin')) await setRoles(pool, existing.id, [...existing.roles, 'admin'], now);
    return { offer: offerInserted, admin: 'exists' };
  }
  const passwordHash = await hashPassword(admin.password);
  const id = randomUUID();
  const account = { fullName: 'Administrator', email: admin.email, locale: 'ru' as const, roles: ['admin'] };
  await withTransaction(pool, async (tx) => {
    await insertUser(tx, { id, ...account, phone: null, region: null, passwordHash, now });
    await emit(tx, UserRegistered, id, {
      userId: id, ...account, phone: '', region: '', consents: { ...NO_CONSENTS }, offerVersion: 0, registeredAt: now.toISOString(),
    }, now);
  });
  return { offer: offerInserted, admin: 'created' };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const config = loadConfigOrExit(Type.Object({
    DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
    ADMIN_EMAIL: Type.String({ default: DEFAULT_ADMIN_EMAIL }),
    ADMIN_PASSWORD: Type.String({ minLength: 8, default: DEFAULT_ADMIN_PASSWORD }),
  }), 'identity seed');
  const pool = createPool({ connectionString: config.DATABASE_URL, max: 2, applicationName: 'identity-seed' });
  try {
    const result = await seed(pool, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
    process.stdout.write(`identity: offer v1 ${result.offer ? 'seeded' : 'present'}; admin ${config.ADMIN_EMAIL} ${result.admin}\n`);
  } catch (error) {
    process.stderr.write(`identity: seed failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await pool.end();
  }
}
