export { createPool, type Pool, type PoolClient, type Queryable, type QueryResult, type PoolOptions } from './pool.js';
export { literal, literalOrNull } from './quote.js';
export { withTransaction, type CommitWith, type TransactionOptions } from './transaction.js';
export { execution, executeOn, sessionStatement, sqlFor, type Execution, type SessionStatement, type SqlValue } from './session-statement.js';
export { migrate, migrateFromDir, readMigrations, type Migration } from './migrate.js';
export { ensureDatabase, dropDatabase, databaseUrl } from './admin.js';
export { isUniqueViolation } from './errors.js';
