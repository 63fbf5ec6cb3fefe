import { streamOf, subjectOf } from '@joo/contracts';

const SOURCE = /^[a-z][a-z0-9_]*$/;
const CONSUMER = /^[A-Za-z0-9_-]+$/;

/** Sources become stream names, NOTIFY channels and lock keys, so they are kept to one safe shape. */
export function assertSource(source: string): void {
  if (!SOURCE.test(source)) throw new Error(`bus source must match ${SOURCE}: ${JSON.stringify(source)}`);
}

/** Durable consumer names may not hold dots, spaces or wildcards. */
export function assertConsumerName(name: string): void {
  if (!CONSUMER.test(name)) throw new Error(`consumer name must match ${CONSUMER}: ${JSON.stringify(name)}`);
}

/**
 * Stream names cannot hold dots; the subject prefix `t1a.` becomes `T1A_`.
 * Must stay identical to streamNamePrefix in @joo/testing, which deletes test streams by it.
 */
export function streamNamePrefix(prefix: string): string {
  return prefix.replace(/\./g, '_').toUpperCase();
}

export function streamNameFor(prefix: string, source: string): string {
  return streamNamePrefix(prefix) + streamOf(source).stream;
}

export function streamSubjectsFor(prefix: string, source: string): string {
  return prefix + streamOf(source).subjects;
}

export function eventSubjectFor(prefix: string, type: string): string {
  return prefix + subjectOf(type);
}

/** The LISTEN/NOTIFY channel that wakes the relay of `source`. */
export function outboxChannel(source: string): string {
  assertSource(source);
  return `outbox_${source}`;
}
