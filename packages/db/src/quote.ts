import pg from 'pg';

/** A value quoted for SQL text (for `first` and `commitWith`, which cannot take parameters). */
export const literal = (value: string): string => pg.escapeLiteral(value);

/** `literal`, or NULL for null. */
export const literalOrNull = (value: string | null): string => (value === null ? 'NULL' : literal(value));
