import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** How long JetStream remembers a Nats-Msg-Id: a relay retrying within it cannot publish twice. */
export const DUPLICATE_WINDOW_MS = 120_000;

export interface StreamSpec {
  name: string;
  subjects: string;
  replicas: number;
}

/**
 * Only fields nats-server 2.9 understands: metadata, compression and subject transforms are
 * refused there ("requires server 2.10.0").
 */
function configOf(spec: StreamSpec): StreamConfig {
  return {
    name: spec.name,
    subjects: [spec.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: spec.replicas,
  } as StreamConfig;
}

export async function streamInfoOrNull(jsm: JetStreamManager, name: string): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return null;
    throw error;
  }
}

/** The publisher's call: creates the stream, or brings subjects, de-dup window and replicas back to the spec. */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<StreamInfo> {
  const wanted = configOf(spec);
  const existing = await streamInfoOrNull(jsm, spec.name);
  if (!existing) return addStream(jsm, wanted);
  const c = existing.config;
  const drifted =
    c.subjects.length !== 1 ||
    c.subjects[0] !== spec.subjects ||
    c.duplicate_window !== wanted.duplicate_window ||
    c.num_replicas !== spec.replicas;
  if (!drifted) return existing;
  return jsm.streams.update(spec.name, {
    ...c,
    subjects: wanted.subjects,
    duplicate_window: wanted.duplicate_window,
    num_replicas: spec.replicas,
  });
}

/**
 * A consumer's call: creates the publisher's stream when the consumer starts first, but never
 * changes an existing one (its owner decides replicas and limits).
 */
export async function openStream(jsm: JetStreamManager, spec: StreamSpec): Promise<StreamInfo> {
  return (await streamInfoOrNull(jsm, spec.name)) ?? addStream(jsm, configOf(spec));
}

async function addStream(jsm: JetStreamManager, config: StreamConfig): Promise<StreamInfo> {
  try {
    return await jsm.streams.add(config);
  } catch (error) {
    // Another replica created it between our info and add, possibly with other settings.
    const info = await streamInfoOrNull(jsm, config.name);
    if (info) return info;
    throw error;
  }
}
