import { serviceMigrations } from '@joo/service-runtime';

/** The bus tables first, then notifications' own `migrations/*.sql`, in order. */
export const notificationsMigrations = serviceMigrations(import.meta.url);
