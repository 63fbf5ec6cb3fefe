/** What Prometheus says of its targets (GET /api/v1/targets), once each has been scraped. */
export interface TargetHealth { service: string; health: string; error: string }

export async function scrapeHealth(url: string, expected: number, timeoutMs: number): Promise<TargetHealth[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await (await fetch(`${url}/api/v1/targets?state=active`)).json() as {
      data: { activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }> };
    };
    const targets = body.data.activeTargets.map((t) => ({ service: t.labels.service ?? t.labels.instance ?? '?', health: t.health, error: t.lastError }));
    if ((targets.length >= expected && targets.every((t) => t.health !== 'unknown')) || Date.now() > deadline) return targets;
    await new Promise((r) => setTimeout(r, 500));
  }
}
