import { serviceMigrations } from '@joo/service-runtime';

/** The bus tables first, then identity's own `migrations/*.sql`, in order. */
export const identityMigrations = serviceMigrations(import.meta.url);
