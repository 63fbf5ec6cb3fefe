export {
  startServiceProcess, type BackgroundHost, type BuiltService, type ProcessConfig, type ServiceProcessOptions, type Stop,
} from './process.js';
export { outboxContext, type OutboxContext, type OutboxDeps } from './outbox-context.js';
export { createServiceApp, type ServiceAppDeps } from './service-app.js';
export { runDatabaseScript, runMigrations, isMainModule } from './cli.js';
export { serviceMigrations } from './migrations.js';
export { deadLetterRoutes, type DeadLetterRoutesOptions } from './dead-letter-routes.js';
