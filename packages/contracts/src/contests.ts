/**
 * Events published by contests (stream JOO_CONTESTS, subjects joo.contests.>).
 */
import { Type } from 'typebox';
import { Instant, LocalizedText } from './common.js';
import { defineEvent } from './envelope.js';

const Prize = Type.Object({
  name: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  taxable: Type.Optional(Type.Boolean({ description: 'the prize may be taxable income of the winner (offer 12.1)' })),
});

export const ContestLaunched = defineEvent('contests', 'contests.contest.launched.v1', {
  description: 'A contest opened for entries; `commitment` is the SHA-256 of the draw seed.',
  subject: 'contestId',
}, Type.Object({
  contestId: Type.String(),
  /** `general`, or `partner_grants` (the 50 internal grants of partner universities, offer Appendix 2 item 9) */
  kind: Type.Optional(Type.String()),
  title: LocalizedText,
  description: LocalizedText,
  conditions: Type.Optional(LocalizedText),
  sponsor: Type.Object({ name: Type.String() }),
  prizes: Type.Array(Prize),
  startsAt: Instant,
  endsAt: Instant,
  regions: Type.Optional(Type.Array(Type.String())),
  commitment: Type.String({ description: 'hex SHA-256 of the seed revealed at the draw' }),
  launchedAt: Instant,
}));

export const ContestDrawn = defineEvent('contests', 'contests.contest.drawn.v1', {
  description: 'The winners were drawn and the seed revealed. Carries no personal data: winners are counted, not named; anyone re-runs the draw from GET /v1/contests/:id/draw.',
  subject: 'contestId',
}, Type.Object({
  contestId: Type.String(),
  title: LocalizedText,
  entries: Type.Integer({ minimum: 0 }),
  winners: Type.Integer({ minimum: 0 }),
  seed: Type.String({ description: 'hex of the 32-byte seed; SHA-256 of its bytes is `commitment`' }),
  commitment: Type.String(),
  entriesDigest: Type.Optional(Type.String({ description: 'hex SHA-256 of the sorted entry ids joined by "\\n" (services/contests/DRAW.md)' })),
  prizes: Type.Optional(Type.Array(Prize)),
  drawnAt: Instant,
}));

export const EntryWon = defineEvent('contests', 'contests.entry.won.v1', {
  description: 'At a draw, one winner and the prize (may be taxable for the winner, offer 12.1); one event per winner.',
  subject: 'userId',
}, Type.Object({
  contestId: Type.String(),
  userId: Type.String(),
  entryId: Type.Optional(Type.String({ description: 'the winning entry, as listed in the published draw' })),
  title: LocalizedText,
  prize: Type.String(),
  taxable: Type.Boolean(),
  drawnAt: Instant,
}));

export const contestsEvents = [ContestLaunched, ContestDrawn, EntryWon] as const;
