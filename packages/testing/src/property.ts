import fc from 'fast-check';

/**
 * Property tests run with a fixed seed, so a run in CI is the same run on every machine and a
 * failure reproduces. To explore other inputs locally, set JOO_PROPERTY_SEED to any integer; the
 * failure report prints the seed and path that replay it.
 */
export const PROPERTY_SEED = Number(process.env.JOO_PROPERTY_SEED ?? 20_261_207);

interface Asserts { equal(found: unknown, wanted: unknown, message: string): unknown }

/**
 * Checks `property` over `numRuns` generated cases and records one tap assertion: on failure its
 * "found" is fast-check's report (the shrunk counterexample, the seed and the path to replay it).
 */
export function assertProperty<Ts>(t: Asserts, name: string, property: fc.IProperty<Ts>, numRuns = 200): void {
  const details = fc.check(property, { seed: PROPERTY_SEED, numRuns });
  t.equal(details.failed ? fc.defaultReportMessage(details) : null, null, name);
}
