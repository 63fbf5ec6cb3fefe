import type { EventHandler } from './inbox.js';

/**
 * The handlers of the consumers running in this process, by consumer and source, so that a
 * dead letter can be replayed through the live (and by then fixed) handler of its consumer: the
 * letter records its consumer, its envelope the source.
 *
 * Each registration is its own entry: two consumers of the same name and source in one process
 * (tests, a restart overlapping the old one) do not unregister each other; the newest one answers.
 */
const registrations = new Map<string, Array<{ handle: EventHandler }>>();

const keyOf = (consumer: string, source: string) => `${consumer}\u0000${source}`;

/** Records `handle` as the live handler of `consumer` for `source`; the result removes it again. */
export function registerHandler(consumer: string, source: string, handle: EventHandler): () => void {
  const key = keyOf(consumer, source);
  const entry = { handle };
  registrations.set(key, [...(registrations.get(key) ?? []), entry]);
  return () => {
    const rest = (registrations.get(key) ?? []).filter((e) => e !== entry);
    if (rest.length > 0) registrations.set(key, rest);
    else registrations.delete(key);
  };
}

/** The handler of a running consumer of `consumer` for `source` in this process, if there is one. */
export function handlerFor(consumer: string, source: string): EventHandler | undefined {
  return registrations.get(keyOf(consumer, source))?.at(-1)?.handle;
}
