import { Type } from 'typebox';
import { ContestKind, Instant, Localized, LocalizedOut, Nullable, ProfileFieldName, RegionCode } from './schemas.js';

const Prize = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
  taxable: Type.Optional(Type.Boolean({ default: true, description: 'the prize may be taxable income of the winner (offer 12.1)' })),
}, { additionalProperties: false });

const Eligibility = Type.Object({
  requiredProfileFields: Type.Array(ProfileFieldName, { uniqueItems: true, maxItems: 10, description: 'optional profile data an entrant must have given (offer 7.1.2)' }),
  regions: Type.Optional(Type.Array(RegionCode, { uniqueItems: true, maxItems: 20, description: 'only students of these regions; empty or absent: all' })),
}, { additionalProperties: false });

const fields = {
  kind: ContestKind,
  title: Localized(300),
  description: Localized(20_000),
  conditions: Localized(20_000),
  sponsor: Type.Object({ name: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }) }, { additionalProperties: false }),
  prizes: Type.Array(Prize, { minItems: 1, maxItems: 50 }),
  startsAt: Instant,
  endsAt: Instant,
  eligibility: Eligibility,
};

export const NewContestBody = Type.Object({
  ...fields,
  kind: Type.Optional(ContestKind),
}, { additionalProperties: false });

export const ContestPatchBody = Type.Partial(Type.Object(fields, { additionalProperties: false }), { minProperties: 1, additionalProperties: false });

const PrizeOut = Type.Object({ name: Type.String(), quantity: Type.Integer(), taxable: Type.Boolean() });

const ContestCommon = {
  id: Type.String(),
  kind: Type.String(),
  status: Type.Enum(['draft', 'active', 'stopped', 'drawn']),
  title: LocalizedOut,
  description: LocalizedOut,
  conditions: LocalizedOut,
  sponsor: Type.Object({ name: Type.String() }),
  prizes: Type.Array(PrizeOut),
  startsAt: Instant,
  endsAt: Instant,
  eligibility: Type.Object({ requiredProfileFields: Type.Array(Type.String()), regions: Type.Optional(Type.Array(Type.String())) }),
  acceptingEntries: Type.Boolean(),
  commitment: Nullable(Type.String({ description: 'hex SHA-256 of the secret draw seed, published at launch' })),
  launchedAt: Nullable(Instant),
  drawnAt: Nullable(Instant),
  taxNotice: LocalizedOut,
};

export const ContestSummary = Type.Object(ContestCommon);

export const StudentContest = Type.Object({
  ...ContestCommon,
  entries: Type.Integer(),
  myEntry: Nullable(Type.Object({ id: Type.String(), prize: Nullable(Type.String()) })),
  myEligibility: Nullable(Type.Object({
    eligible: Type.Boolean(),
    reason: Type.Optional(Type.Enum(['profile-incomplete', 'region-not-eligible', 'locale-not-eligible'])),
    missing: Type.Array(Type.String(), { description: 'profile fields to fill in first (offer 7.1.2)' }),
  }, { description: 'signed in only' })),
  history: Type.Array(Type.Object({ action: Type.String(), at: Instant, fields: Type.Array(Type.String()) })),
});

export const AdminContest = Type.Object({
  ...ContestCommon,
  entries: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
  audit: Type.Array(Type.Object({
    actorId: Nullable(Type.String()),
    action: Type.String(),
    changes: Type.Record(Type.String(), Type.Unknown()),
    at: Instant,
  })),
});

export const DrawResult = Type.Object({
  contestId: Type.String(),
  commitment: Type.String(),
  seed: Type.String({ description: 'hex of the 32 seed bytes' }),
  entriesDigest: Type.String(),
  entryIds: Type.Array(Type.String(), { description: 'the entries that took part, sorted' }),
  entries: Type.Integer(),
  algorithm: Type.Object({ id: Type.String(), description: Type.String(), document: Type.String() }),
  winners: Type.Array(Type.Object({ entryId: Type.String(), place: Type.Integer(), prize: Type.String(), taxable: Type.Boolean() })),
  drawnAt: Instant,
  taxNotice: LocalizedOut,
});
