import { Compile, type Validator } from 'typebox/compile';
import { EnvelopeSchema, type Envelope } from '@joo/contracts';

let validator: Validator | undefined;

/** Parses a message body as an envelope; throws when it is not one (such a message can never succeed). */
export function parseEnvelope(body: string, headerTraceparent?: string): Envelope {
  validator ??= Compile(EnvelopeSchema) as Validator;
  const value: unknown = JSON.parse(body);
  if (!validator.Check(value)) {
    const first = validator.Errors(value)[0];
    throw new Error(`not an event envelope: ${first ? `${first.instancePath || '/'} ${first.message}` : 'invalid'}`);
  }
  const event = value as Envelope;
  if (!event.traceparent && headerTraceparent) event.traceparent = headerTraceparent;
  return event;
}
