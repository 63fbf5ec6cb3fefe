import type pg from 'pg';
import { literal } from './quote.js';

/**
 * A statement that each database session prepares once (SQL `PREPARE`) and then runs as
 * `EXECUTE name(values)`. It is for the statements sent as text in the same message as BEGIN or
 * COMMIT (TransactionOptions.first, commitWith), which cannot be bound parameters: the text
 * `EXECUTE` is small, so PostgreSQL no longer parses, analyses and plans a long statement on
 * every call. A profile of the payment path showed parse, analysis and planning as about 40% of
 * PostgreSQL's CPU.
 */
export interface SessionStatement {
  readonly name: string;
  /** PostgreSQL types of $1, $2, …; the values are quoted text cast to these. */
  readonly types: readonly string[];
  readonly text: string;
}

/** A value of an execution; an array of strings is sent as an array literal (for `$1::uuid[]`, say). */
export type SqlValue = string | number | boolean | Date | null | readonly string[];

/** One run of a session statement with its values; render it with `sqlFor`. */
export interface Execution {
  readonly statement: SessionStatement;
  readonly values: readonly SqlValue[];
}

// Prepared statements share one namespace with node-postgres's named protocol statements, whose
// names hold dots or dashes; these never do.
const NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Every statement defined in this process, by name: a session prepares a name once and keeps its plan. */
const defined = new Map<string, SessionStatement>();

export function sessionStatement(name: string, types: readonly string[], text: string): SessionStatement {
  if (!NAME.test(name)) throw new Error(`session statement name "${name}" must be snake_case, at most 63 characters`);
  const earlier = defined.get(name);
  if (earlier) {
    // A second text under one name would quietly run the first one's plan on a session that prepared it.
    if (earlier.text !== text || earlier.types.join() !== types.join()) throw new Error(`session statement "${name}" is already defined with another text`);
    return earlier;
  }
  const statement = Object.freeze({ name, types: Object.freeze([...types]), text });
  defined.set(name, statement);
  return statement;
}

export function execution(statement: SessionStatement, values: readonly SqlValue[]): Execution {
  if (values.length !== statement.types.length) {
    throw new Error(`${statement.name} takes ${statement.types.length} values, not ${values.length}`);
  }
  return { statement, values };
}

/** Which statements each session has prepared. A pooled client is one session for its whole life. */
const preparedBy = new WeakMap<pg.ClientBase, Set<string>>();

const DUPLICATE_PREPARED_STATEMENT = '42P05';

/**
 * The SQL text that runs `sql` on `client`'s session: text as it is, an execution as `EXECUTE`,
 * after preparing its statement there if this session has not yet (one round trip, once per
 * session). `PREPARE` is not transactional: a later rollback does not undo it.
 */
export async function sqlFor(client: pg.ClientBase, sql: string | Execution): Promise<string> {
  if (typeof sql === 'string') return sql;
  const { statement, values } = sql;
  let prepared = preparedBy.get(client);
  if (!prepared) preparedBy.set(client, (prepared = new Set()));
  if (!prepared.has(statement.name)) {
    try {
      await client.query(`PREPARE ${statement.name}${listed(statement.types)} AS ${statement.text}`);
    } catch (error) {
      // Prepared by someone else on this session (a copy of this module, say): the same text.
      if ((error as { code?: string }).code !== DUPLICATE_PREPARED_STATEMENT) throw error;
    }
    prepared.add(statement.name);
  }
  return `EXECUTE ${statement.name}${listed(values.map(quoted))}`;
}

/** `{"a","b"}`: each element quoted, so commas, braces and quotes in it stay part of it. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** `(a, b)`; nothing for none, which PREPARE and EXECUTE do not accept as `()`. */
function listed(items: readonly string[]): string {
  return items.length ? `(${items.join(', ')})` : '';
}

function quoted(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return literal(arrayLiteral(value));
  if (value instanceof Date) return literal(value.toISOString());
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`${value} cannot be an SQL value`);
  return literal(String(value));
}

/** Runs an execution by itself on `client` (a transaction's client, or one checked out of the pool). */
export async function executeOn(client: pg.ClientBase, run: Execution): Promise<pg.QueryResult> {
  return client.query(await sqlFor(client, run));
}
