export { createService, REQUEST_ID_HEADER, type App, type ServiceOptions } from './create-service.js';
export { loadConfig, loadConfigOrExit, ConfigError, BaseConfigProperties } from './config.js';
export { ProblemError, problems, problemBody, PROBLEM_BASE, PROBLEM_CONTENT_TYPE, type Problem, type FieldError } from './problems.js';
export { ACCESS_TOKEN_ALGORITHMS, type AccessClaims, type AuthOptions, type KeySource } from './auth.js';
export { createLogger, REDACTED_PATHS } from './logger.js';
export { startTelemetry, type TelemetryOptions } from './telemetry.js';
export { runService, type RunOptions } from './run.js';
export { ProblemSchema, Paginated, PageQuery, encodeCursor, decodeCursor } from './schemas.js';
