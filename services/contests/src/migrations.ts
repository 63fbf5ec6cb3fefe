import { serviceMigrations } from '@joo/service-runtime';

/** The bus tables first, then contests' own `migrations/*.sql`, in order. */
export const contestsMigrations = serviceMigrations(import.meta.url);
