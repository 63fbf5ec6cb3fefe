import { Type } from 'typebox';

/** User-facing text in both languages of the platform (Kazakh and Russian). */
export const LocalizedText = Type.Object({ kk: Type.String(), ru: Type.String() });

/** Money in tiyn (1 ₸ = 100 tiyn); the only currency is KZT. */
export const Tiyn = Type.Integer({ minimum: 0, description: 'amount in tiyn (1/100 ₸)' });
export const Currency = Type.Literal('KZT');

export const Instant = Type.String({ format: 'date-time' });
