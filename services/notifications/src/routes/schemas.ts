import { Type } from 'typebox';
export { problemsFor } from '@joo/service-kit';

export const PREFIX = '/v1/notifications';
export const bearer = [{ bearer: [] }];

export const Locale = Type.Union([Type.Literal('kk'), Type.Literal('ru')]);
export const Channel = Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('voice')]);
export const Uuid = Type.String({ format: 'uuid' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '^[^\\u0000]*$' });
export const Bilingual = (max: number) => Type.Object({ kk: Text(max), ru: Text(max) }, { additionalProperties: false });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

export const MyMessage = Type.Object({
  id: Uuid,
  channel: Channel,
  template: Type.String(),
  locale: Locale,
  subject: Nullable(Type.String()),
  body: Nullable(Type.String({ description: 'null after the account was erased' })),
  status: Type.String({
    description: 'pending, sending, sent, delivered, failed or cancelled; inbox: kept only here, never sent, since you gave no cross-border consent (offer 3.7); channel is then whose text it holds',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time', description: 'when you marked it read' })),
});

export const BroadcastBody = Type.Object({
  audience: Type.Object({
    regions: Type.Optional(Type.Array(Text(50), { minItems: 1, maxItems: 50, uniqueItems: true })),
    locales: Type.Optional(Type.Array(Locale, { minItems: 1, uniqueItems: true })),
  }, { additionalProperties: false }),
  channels: Type.Array(Channel, { minItems: 1, maxItems: 3, uniqueItems: true }),
  template: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z_]+$' })),
  subject: Type.Optional(Bilingual(200)),
  body: Type.Optional(Bilingual(2000)),
  scheduleAt: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false });

export const ShutdownBody = Type.Object({
  shutdownAt: Type.String({ format: 'date-time' }),
  message: Bilingual(2000),
}, { additionalProperties: false });

export const BroadcastView = Type.Object({
  id: Uuid,
  kind: Type.String(),
  status: Type.String({ description: 'scheduled, then expanded once its messages are queued' }),
  audience: Type.Object({ regions: Type.Optional(Type.Array(Type.String())), locales: Type.Optional(Type.Array(Locale)) }),
  channels: Type.Array(Channel),
  template: Nullable(Type.String()),
  scheduleAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  expandedAt: Nullable(Type.String({ format: 'date-time' })),
  total: Nullable(Type.Integer({ description: 'messages queued' })),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'messages by status' }),
});
