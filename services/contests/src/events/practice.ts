/**
 * What the partner-grants contest needs (ADR 0020): who holds a package (catalog's entitlement
 * events) and each weekly mock's newest score (practice's attempt events).
 */
import { eventRouter } from '@joo/bus';
import { AttemptFinished, AttemptRescored, EntitlementGranted, EntitlementRevoked } from '@joo/contracts';
import { keepMockScore, revokeHolder, upsertHolder } from '../store/mock-scores.js';

export const catalogRoutes = eventRouter()
  .on(EntitlementGranted, async (d, _event, tx) => {
    await upsertHolder(tx, { entitlementId: d.entitlementId, userId: d.userId, validFrom: new Date(d.validFrom), validUntil: new Date(d.validUntil) });
  })
  .on(EntitlementRevoked, async (d, _event, tx) => {
    await revokeHolder(tx, { entitlementId: d.entitlementId, userId: d.userId, at: new Date(d.revokedAt) });
  });

const keep = (d: { kind: string; attemptId: string; userId: string; total: number; finishedAt: string; scoredAt: string }, tx: Parameters<typeof keepMockScore>[0]) =>
  (d.kind === 'mock'
    ? keepMockScore(tx, { attemptId: d.attemptId, userId: d.userId, total: d.total, finishedAt: new Date(d.finishedAt), scoredAt: new Date(d.scoredAt) })
    : Promise.resolve());

export const practiceRoutes = eventRouter()
  .on(AttemptFinished, async (d, _event, tx) => keep(d, tx))
  .on(AttemptRescored, async (d, _event, tx) => keep(d, tx));
