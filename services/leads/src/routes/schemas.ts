import { Type, type TSchema } from 'typebox';
export { problemsFor } from '@joo/service-kit';

export const PREFIX = '/v1/leads';
export const bearer = [{ bearer: [] }];

// No NUL and no other control characters: they pass JSON but not PostgreSQL (NUL) or a partner's CRM.
const TEXT = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$';
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max, pattern: TEXT });

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const Instant = Type.String({ format: 'date-time' });
export const Empty = Type.Null({ description: 'no content' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Bilingual = Type.Object({ kk: Text(300), ru: Text(300) }, { additionalProperties: false });
export const LongBilingual = Type.Object({ kk: Text(2000), ru: Text(2000) }, { additionalProperties: false });
export const ProgrammeCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$', description: 'e.g. B057 (group of educational programmes)' });

export const Programme = Type.Object({ id: Uuid, code: Type.String(), name: Type.Object({ kk: Type.String(), ru: Type.String() }) });

export const UniversityBody = Type.Object({
  name: Bilingual,
  region: Type.String({ minLength: 1, maxLength: 50, description: 'region code of GET /v1/identity/regions' }),
  city: Type.Optional(Nullable(Text(100))),
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', default: 'KZ', description: 'ISO 3166-1 alpha-2; outside KZ a lead needs cross-border consent' })),
  languages: Type.Optional(Type.Array(Type.Enum(['kk', 'ru', 'en']), { uniqueItems: true, maxItems: 3 })),
  website: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 300, pattern: '^https?://' }))),
  grants: Type.Optional(Type.Object({
    state: Type.Boolean({ description: 'admits state-grant holders' }),
    internal: Type.Integer({ minimum: 0, maximum: 10_000, description: 'internal grants it offers (offer, Appendix 2 item 9)' }),
    note: Type.Optional(Nullable(LongBilingual)),
  }, { additionalProperties: false })),
  programmes: Type.Array(Type.Object({ code: ProgrammeCode, name: Bilingual }, { additionalProperties: false }), { maxItems: 500 }),
}, { additionalProperties: false });

export const University = Type.Object({
  id: Uuid,
  name: Type.Object({ kk: Type.String(), ru: Type.String() }),
  region: Type.String(),
  city: Nullable(Type.String()),
  country: Type.String(),
  languages: Type.Array(Type.String()),
  website: Nullable(Type.String()),
  grants: Type.Object({ state: Type.Boolean(), internal: Type.Integer(), note: Nullable(Type.Object({ kk: Type.String(), ru: Type.String() })) }),
  programmes: Type.Array(Programme),
  updatedAt: Instant,
});

export const LeadStatus = Type.Enum(['new', 'contacted', 'enrolled', 'declined']);

export const StudentLead = Type.Object({
  leadId: Uuid,
  status: LeadStatus,
  createdAt: Instant,
  deliveredAt: Nullable(Instant),
  university: Type.Object({ id: Uuid, name: Type.Object({ kk: Type.String(), ru: Type.String() }) }),
  programme: Nullable(Programme),
  sharedFields: Type.Array(Type.String(), { description: 'what of your data this lead passes to the university' }),
  duplicate: Type.Boolean({ description: 'true: you asked this university within 30 days; this is that lead' }),
});

export const Consent = Type.Object({
  basis: Type.Literal('offer-8.4'),
  offerVersion: Nullable(Type.Integer()),
  givenAt: Instant,
  scoresShared: Type.Boolean(),
  crossBorderTransfer: Type.Optional(Type.Literal(true)),
});

export const Transfer = Type.Object({
  id: Uuid,
  leadId: Uuid,
  university: Type.Object({ id: Uuid, name: Type.Object({ kk: Type.String(), ru: Type.String() }) }),
  partnerId: Uuid,
  channel: Type.Enum(['webhook', 'pull']),
  fields: Type.Array(Type.String()),
  consent: Consent,
  transferredAt: Instant,
});

export const Student = Type.Object({
  fullName: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'E.164' })),
  email: Nullable(Type.String()),
  region: Nullable(Type.String()),
  locale: Type.Enum(['kk', 'ru']),
  untScores: Type.Optional(Type.Record(Type.String(), Type.Integer(), { description: 'only when the student chose to share them' })),
  mockScores: Type.Optional(Type.Object({
    total: Type.Integer(), max: Type.Integer(), finishedAt: Instant,
    subjects: Type.Array(Type.Object({ subject: Type.String(), score: Type.Integer(), max: Type.Integer() })),
  }, { description: 'the latest weekly mock ҰБТ, only when the student chose to share it' })),
});

export const PartnerLead = Type.Object({
  leadId: Uuid,
  createdAt: Instant,
  university: Type.Object({ id: Uuid, name: Type.Object({ kk: Type.String(), ru: Type.String() }) }),
  programme: Nullable(Programme),
  student: Nullable(Student),
  message: Nullable(Type.String()),
  status: LeadStatus,
  statusNote: Nullable(Type.String()),
  statusChangedAt: Nullable(Instant),
});

export const Delivery = Type.Object({
  id: Uuid,
  leadId: Uuid,
  partnerId: Uuid,
  status: Type.Enum(['pending', 'delivered', 'failed', 'cancelled']),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Instant),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: Instant,
  deliveredAt: Nullable(Instant),
  failedAt: Nullable(Instant),
});

export const Partner = Type.Object({
  id: Uuid,
  universityId: Uuid,
  name: Type.String(),
  webhookUrl: Nullable(Type.String()),
  createdAt: Instant,
  disabled: Type.Boolean(),
});
