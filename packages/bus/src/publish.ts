import { headers } from '@nats-io/transport-node';
import type { PubAck } from '@nats-io/jetstream';
import type { Envelope } from '@joo/contracts';
import type { Bus } from './connection.js';

/**
 * Publishes an envelope with `Nats-Msg-Id = event id`, so a retry within the stream's duplicate
 * window is dropped by the server, and the traceparent as a header for tools that read headers only.
 * Resolves with the server's ack (`duplicate` is true when the server had it already).
 */
export function publishEnvelope(bus: Bus, envelope: Envelope): Promise<PubAck> {
  const h = headers();
  if (envelope.traceparent) h.set('traceparent', envelope.traceparent);
  h.set('Joo-Event-Type', envelope.type);
  return bus.js.publish(bus.subjectOf(envelope.type), JSON.stringify(envelope), { msgID: envelope.id, headers: h });
}
