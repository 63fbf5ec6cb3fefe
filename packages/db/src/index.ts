export { createPool, type Pool, type PoolClient, type Queryable, type QueryResult, type PoolOptions } from './pool.js';
export { withTransaction, transactionInOneTrip, type Transaction, type TransactionOptions } from './transaction.js';
export { defineStatement, execution, execute, type Statement, type Execution, type Sql, type SqlValue, type ValuesOf } from './statement.js';
export { migrate, migrateFromDir, readMigrations, type Migration } from './migrate.js';
export { ensureDatabase, dropDatabase, databaseUrl } from './admin.js';
export { isUniqueViolation, isDatabaseUnavailable } from './errors.js';
export { withClient } from './checkout.js';
export { batchedLookups, DEFAULT_MAX_PER_QUERY, DEFAULT_MAX_QUERIES_IN_FLIGHT, type BatchedLookupOptions } from './batched-lookups.js';
