import { serviceMigrations } from '@joo/service-runtime';

/** The bus tables first, then catalog's own `migrations/*.sql`, in order. */
export const catalogMigrations = serviceMigrations(import.meta.url);
