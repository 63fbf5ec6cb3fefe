import { serviceMigrations } from '@joo/service-runtime';

/** The bus tables, then practice's own `migrations/*.sql`, in order. */
export const practiceMigrations = serviceMigrations(import.meta.url);
