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

/**
 * Thrown by a handler when its event needs another that has not been handled yet (a session of a
 * user whose registration is still on its way, say: after a consumer crash the later event can come
 * first). The consumer hands the event back to wait, with back-off, without counting a failed
 * attempt, for as long as its `maxWaitMs` allows; only then is it dead-lettered.
 */
export class EventNotReadyError extends Error {
  readonly code = 'JOO_BUS_EVENT_NOT_READY';
  constructor(readonly waitingFor: string) {
    super(`waiting for ${waitingFor}`);
    this.name = 'EventNotReadyError';
  }
}
