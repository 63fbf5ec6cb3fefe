import { Counter, type Registry } from 'prom-client';

export interface CatalogMetrics {
  entitlementsGranted: Counter;
  entitlementsRevoked: Counter<'reason'>;
  contentAccess: Counter<'outcome'>;
}

/** The domain metrics dashboards are built against; names are fixed. */
export function catalogMetrics(registry: Registry): CatalogMetrics {
  return {
    entitlementsGranted: new Counter({
      name: 'joo_catalog_entitlements_granted_total', help: 'Entitlements granted (payments and admins)', registers: [registry],
    }),
    entitlementsRevoked: new Counter({
      name: 'joo_catalog_entitlements_revoked_total', help: 'Entitlements revoked, by reason', labelNames: ['reason'], registers: [registry],
    }),
    contentAccess: new Counter({
      name: 'joo_catalog_content_access_total', help: 'Content access checks, by outcome (granted|denied)', labelNames: ['outcome'], registers: [registry],
    }),
  };
}
