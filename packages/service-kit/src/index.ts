export {
  createService, ADMIN_TAG, BEARER_SCHEME, REQUEST_ID_HEADER, type App, type OpenApiSecurityScheme, type OpenApiTag, type ServiceOptions,
} from './create-service.js';
export { operationPrefix, routedToService } from './operation-names.js';
export { loadConfig, loadConfigOrExit, configOrExit, ConfigError, BaseConfigProperties, DatabaseConfigProperties } from './config.js';
export { fieldErrors, type AjvIssue } from './error-handler.js';
export { ProblemError, problems, problemBody, PROBLEM_BASE, PROBLEM_CONTENT_TYPE, type Problem, type FieldError } from './problems.js';
export {
  ACCESS_TOKEN_ALGORITHMS, PLATFORM_AUDIENCE, PLATFORM_ISSUER, authFromConfig, sessionRevoked,
  type AccessClaims, type AuthOptions, type KeySource, type ServiceAuth,
} from './auth.js';
export { createLogger, REDACTED_PATHS } from './logger.js';
export { startTelemetry, type TelemetryOptions } from './telemetry.js';
export { runService, type RunOptions } from './run.js';
export { ProblemSchema, Paginated, PageQuery, encodeCursor, decodeCursor, decodeTimeIdCursor, timeIdPage, problemsFor } from './schemas.js';
export type { ReadinessCheck } from './health.js';
export { registerMetrics, scrapedGauge } from './metrics.js';
export { JsonDepthScanner, MAX_JSON_DEPTH, nestingTooDeep, nestsDeeperThan } from './json-depth.js';
export { HEADERS_TIMEOUT_MS } from './client-errors.js';
export { serveMetrics, metricsPortFor, type MetricsServer } from './metrics-server.js';
