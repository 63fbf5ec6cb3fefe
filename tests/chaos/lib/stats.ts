/** Every answer the workload got, by status class and time, for the report and the 5xx check. */
export interface Answer { at: number; status: number; step: string }

export class Answers {
  readonly all: Answer[] = [];

  record(step: string, status: number): void {
    this.all.push({ at: Date.now(), status, step });
  }

  /** 5xx answers and failed connections (status 0) at or after `since`. */
  failuresSince(since: number): Answer[] {
    return this.all.filter((a) => a.at >= since && (a.status >= 500 || a.status === 0));
  }

  summary(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.all) {
      const key = a.status === 0 ? 'no answer' : `${Math.floor(a.status / 100)}xx`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  /** The answers other than 2xx, by step and status, most frequent first: "refund apply 409 ×12". */
  notOkByStep(): string[] {
    const out = new Map<string, number>();
    for (const a of this.all) {
      if (a.status >= 200 && a.status < 300) continue;
      const key = `${a.step} ${a.status === 0 ? 'no answer' : a.status}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return [...out].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`);
  }
}
