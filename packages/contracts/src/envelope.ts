import { Type, type Static, type TSchema } from 'typebox';

/**
 * The envelope every event travels in (CloudEvents-like). `type` carries the version suffix
 * (`identity.user.registered.v1`); `subject` is the id of the aggregate the event is about.
 */
export const EnvelopeSchema = Type.Object({
  id: Type.String({ description: 'UUIDv7; also the JetStream Nats-Msg-Id and the inbox key' }),
  type: Type.String({ pattern: '^[a-z]+(\\.[a-z_]+)+\\.v[0-9]+$' }),
  source: Type.String({ description: 'publishing service' }),
  time: Type.String({ format: 'date-time' }),
  subject: Type.String(),
  data: Type.Unknown(),
  traceparent: Type.Optional(Type.String()),
});

export interface Envelope<TData = unknown, TType extends string = string> {
  id: string;
  type: TType;
  source: string;
  time: string;
  subject: string;
  data: TData;
  traceparent?: string;
}

/** One entry of the catalogue: the versioned type name, its data schema and who publishes it. */
export interface EventDefinition<TType extends string = string, TSchemaT extends TSchema = TSchema> {
  type: TType;
  source: string;
  /** What happened and when it is published, for docs/events.md. */
  description: string;
  /** The data field the envelope's `subject` carries: the id of the aggregate the event is about. */
  subject: string;
  schema: TSchemaT;
}

/** The data fields that can be an envelope's subject: required strings and integers. */
export type SubjectField<S extends TSchema> = {
  [K in keyof Static<S>]-?: undefined extends Static<S>[K] ? never : Static<S>[K] extends string | number ? K : never;
}[keyof Static<S>] & string;

/** What an event means, beside its schema: see EventDefinition. */
export interface EventAbout<S extends TSchema> {
  description: string;
  subject: SubjectField<S>;
}

export function defineEvent<const TType extends string, S extends TSchema>(
  source: string,
  type: TType,
  about: EventAbout<S>,
  schema: S,
): EventDefinition<TType, S> {
  if (!type.startsWith(`${source}.`)) throw new Error(`event ${type} must start with its source ${source}`);
  const { properties, required } = schema as { properties?: Record<string, unknown>; required?: string[] };
  if (!properties?.[about.subject] || !required?.includes(about.subject)) {
    throw new Error(`event ${type}: its subject ${about.subject} must be a required field of its data`);
  }
  return { type, source, description: about.description, subject: about.subject, schema };
}

export type EventData<D> = D extends EventDefinition<string, infer S> ? Static<S> : never;

/** The stream name and subject filter of a publishing service (`billing` → `JOO_BILLING`, `joo.billing.>`). */
export function streamOf(source: string): { stream: string; subjects: string } {
  return { stream: `JOO_${source.toUpperCase()}`, subjects: `joo.${source}.>` };
}

/** The NATS subject of an event type: `joo.<type>` (the bus adds the test prefix). */
export function subjectOf(type: string): string {
  return `joo.${type}`;
}
