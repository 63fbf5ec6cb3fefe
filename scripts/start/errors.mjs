// The two ways a start can end early without being a bug: main reports the first by its message and
// stays silent about the second, so both must be recognisable wherever they are thrown.

/** An expected failure: reported by its message alone, without a stack. */
export class ConfigError extends Error {}

/** Thrown when a shutdown is already under way, so nobody reports it a second time. */
export class Stopped extends Error {}
