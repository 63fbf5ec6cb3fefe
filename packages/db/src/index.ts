export { createPool, type Pool, type PoolClient, type Queryable, type QueryResult, type PoolOptions } from './pool.js';
export { literal, literalOrNull, withTransaction, type CommitWith, type TransactionOptions } from './transaction.js';
export { migrate, migrateFromDir, readMigrations, type Migration } from './migrate.js';
export { ensureDatabase, dropDatabase, databaseUrl } from './admin.js';
export { isUniqueViolation } from './errors.js';
