/**
 * The verifiable draw (DRAW.md is the specification; keep the two in step). Pure: the same seed
 * and entry ids give the same winners on any machine, so anyone holding the published data can
 * re-run it.
 */
import { createHash, createHmac } from 'node:crypto';

export const DRAW_ALGORITHM = {
  id: 'joo-draw-v1',
  description:
    'Entry ids (lowercase UUID text) are sorted by code point. entriesDigest = hex SHA-256 of the sorted ids ' +
    'joined by "\\n" (UTF-8). Random 32-bit numbers: r_c = first 4 bytes, big-endian, of HMAC-SHA256(key = seed ' +
    'bytes, message = c as 8-byte big-endian unsigned), c = 0, 1, 2, ... each used once. uniform(n): ' +
    'limit = floor(2^32 / n) * n; take the next r_c until r_c < limit; answer r_c mod n. Partial Fisher–Yates ' +
    'over the sorted ids: for i = 0 .. k-1, j = i + uniform(N - i), swap a[i] and a[j]; winners are a[0..k-1] ' +
    'in order, k = min(number of prizes, N). Prizes are expanded in the contest\'s order (each repeated ' +
    '`quantity` times) and the i-th winner gets the i-th prize. commitment = hex SHA-256 of the seed bytes.',
  document: 'services/contests/DRAW.md',
} as const;

export interface DrawPrize { name: string; quantity: number; taxable: boolean }
export interface DrawWinner { entryId: string; prize: string; taxable: boolean; place: number }

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function commitmentOf(seed: Buffer): string {
  return sha256Hex(seed);
}

export function sortEntryIds(ids: readonly string[]): string[] {
  // Code-point order, not locale order, so every implementation agrees.
  return ids.map((id) => id.toLowerCase()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function entriesDigest(sortedIds: readonly string[]): string {
  return sha256Hex(sortedIds.join('\n'));
}

/** A stream of uniform integers from HMAC-SHA256(seed, counter). */
export function randomSource(seed: Buffer): { uniform(n: number): number } {
  let counter = 0n;
  const next = (): number => {
    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(counter);
    counter += 1n;
    return createHmac('sha256', seed).update(message).digest().readUInt32BE(0);
  };
  return {
    uniform(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`uniform(${n})`);
      // Rejection sampling: values at or above the largest multiple of n would favour small results.
      const limit = Math.floor(2 ** 32 / n) * n;
      for (;;) {
        const r = next();
        if (r < limit) return r % n;
      }
    },
  };
}

/** Prize slots in the contest's order: [{A,2},{B,1}] → A, A, B. */
export function prizeSlots(prizes: readonly DrawPrize[]): DrawPrize[] {
  return prizes.flatMap((p) => Array.from({ length: p.quantity }, () => p));
}

export interface DrawResult {
  entriesDigest: string;
  sortedEntryIds: string[];
  winners: DrawWinner[];
}

/** Picks the winners among `entryIds` for `prizes` with `seed` (32 bytes). */
export function drawWinners(seed: Buffer, entryIds: readonly string[], prizes: readonly DrawPrize[]): DrawResult {
  if (seed.length !== 32) throw new RangeError('the seed must be 32 bytes');
  const sorted = sortEntryIds(entryIds);
  const slots = prizeSlots(prizes);
  const a = [...sorted];
  const k = Math.min(slots.length, a.length);
  const random = randomSource(seed);
  for (let i = 0; i < k; i += 1) {
    const j = i + random.uniform(a.length - i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  const winners = a.slice(0, k).map((entryId, i) => ({ entryId, prize: slots[i]!.name, taxable: slots[i]!.taxable, place: i + 1 }));
  return { entriesDigest: entriesDigest(sorted), sortedEntryIds: sorted, winners };
}
