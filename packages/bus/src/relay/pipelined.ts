import type { PubAck } from '@nats-io/jetstream';

/**
 * Publishes `rows` in their order without waiting for each ack before sending the next: one
 * connection carries them, so JetStream stores them in the order sent, and a batch costs about
 * one round trip instead of one per row. Order under failure is kept per aggregate: a row is
 * never sent while an earlier row of the same subject awaits its ack (the window is drained
 * first), and after a failure nothing more is sent — so a row that failed (say, lost in a
 * reconnect) is never overtaken by a later row of its aggregate. Rows of other aggregates acked
 * meanwhile count as published. Returns the acked ids in row order, each once.
 */
export async function publishPipelined<R extends { id: string; subject: string }>(
  rows: readonly R[],
  publish: (row: R) => Promise<PubAck>,
  onDuplicate: () => void = () => {},
): Promise<{ acked: string[]; failure?: unknown }> {
  const ok = new Array<boolean>(rows.length).fill(false);
  let failure: unknown;
  let failed = false;
  let window: Promise<void>[] = [];
  let subjects = new Set<string>();
  for (let i = 0; i < rows.length && !failed; i++) {
    const row = rows[i]!;
    if (subjects.has(row.subject)) {
      await Promise.all(window);
      window = [];
      subjects = new Set();
      if (failed) break;
    }
    subjects.add(row.subject);
    window.push(publish(row).then((ack) => {
      if (ack.duplicate) onDuplicate();
      ok[i] = true;
    }, (error: unknown) => {
      if (!failed) failure = error;
      failed = true;
    }));
  }
  await Promise.all(window);
  const acked = rows.filter((_, i) => ok[i]).map((r) => r.id);
  return failed ? { acked, failure } : { acked };
}
