// Shared by the shutdown grace period and the readiness polling.

/** Resolves after ms; unref'd so a pending wait never keeps the orchestrator alive by itself. */
export function delay(ms) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref();
  });
}
