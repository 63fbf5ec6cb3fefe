/** Thrown by enqueue when the data does not match the event's schema: nothing was written. */
export class EventValidationError extends Error {
  readonly code = 'JOO_BUS_INVALID_EVENT';
  constructor(
    readonly type: string,
    readonly errors: readonly { path: string; message: string }[],
  ) {
    super(`event ${type} does not match its schema: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`);
    this.name = 'EventValidationError';
  }
}

export class DeadLetterError extends Error {
  readonly code = 'JOO_BUS_DEAD_LETTER';
  constructor(message: string) {
    super(message);
    this.name = 'DeadLetterError';
  }
}
