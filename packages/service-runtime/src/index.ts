export { startServiceProcess, type ServiceProcessOptions, type ProcessContext, type ProcessConfig } from './process.js';
export { runDatabaseScript, runMigrations, isMainModule } from './cli.js';
export { serviceMigrations } from './migrations.js';
export { deadLetterRoutes, type DeadLetterRoutesOptions } from './dead-letter-routes.js';
