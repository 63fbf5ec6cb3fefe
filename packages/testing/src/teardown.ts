/** The part of a tap Test these helpers need, so the kit does not depend on tap's types. */
export interface Teardown {
  teardown(fn: () => unknown | Promise<unknown>): void;
}

export function teardownOf(t: Teardown): (fn: () => unknown | Promise<unknown>) => void {
  return (fn) => t.teardown(fn);
}
