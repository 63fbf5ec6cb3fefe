/**
 * Events published by contests (stream JOO_CONTESTS, subjects joo.contests.>).
 */
import { Type } from 'typebox';
import { Instant, LocalizedText } from './common.js';
import { defineEvent } from './envelope.js';

/**
 * contests.contest.launched.v1 — a contest opened for entries; `commitment` is the SHA-256 of the
 * draw seed. Subject: the contest id. Consumers: catalog (a news item, offer 10.4), notifications.
 */
export const ContestLaunched = defineEvent('contests', 'contests.contest.launched.v1', Type.Object({
  contestId: Type.String(),
  title: LocalizedText,
  description: LocalizedText,
  sponsor: Type.Object({ name: Type.String() }),
  prizes: Type.Array(Type.Object({ name: Type.String(), quantity: Type.Integer({ minimum: 1 }) })),
  startsAt: Instant,
  endsAt: Instant,
  regions: Type.Optional(Type.Array(Type.String())),
  commitment: Type.String({ description: 'hex SHA-256 of the seed revealed at the draw' }),
  launchedAt: Instant,
}));

/**
 * contests.contest.drawn.v1 — the winners were drawn and the seed revealed. Carries no personal
 * data: winners are counted, not named. Subject: the contest id. Consumers: catalog (result news).
 */
export const ContestDrawn = defineEvent('contests', 'contests.contest.drawn.v1', Type.Object({
  contestId: Type.String(),
  title: LocalizedText,
  entries: Type.Integer({ minimum: 0 }),
  winners: Type.Integer({ minimum: 0 }),
  seed: Type.String(),
  commitment: Type.String(),
  drawnAt: Instant,
}));

/**
 * contests.entry.won.v1 — one winner and the prize (may be taxable for the winner, offer 12.1).
 * Subject: the user id. Consumers: notifications ("you won").
 */
export const EntryWon = defineEvent('contests', 'contests.entry.won.v1', Type.Object({
  contestId: Type.String(),
  userId: Type.String(),
  title: LocalizedText,
  prize: Type.String(),
  taxable: Type.Boolean(),
  drawnAt: Instant,
}));

export const contestsEvents = [ContestLaunched, ContestDrawn, EntryWon] as const;
