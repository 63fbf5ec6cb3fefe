/**
 * The profile-subject pairs a school leaver may choose: catalog's list (data/profile-pairs.json is
 * a copy of services/catalog/data/subjects.json's profilePairs, kept equal by a test).
 */
import { readFileSync } from 'node:fs';

export interface ProfilePair { code: string; subjects: [string, string] }

export function loadProfilePairs(file: URL = new URL('../../data/profile-pairs.json', import.meta.url)): ProfilePair[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { profilePairs: ProfilePair[] }).profilePairs;
}

/** The same two subjects, in any order. */
export function samePair(a: readonly string[], b: readonly string[]): boolean {
  return a.length === 2 && b.length === 2 && a[0] !== a[1] && ((a[0] === b[0] && a[1] === b[1]) || (a[0] === b[1] && a[1] === b[0]));
}

export function knownPair(pairs: readonly ProfilePair[], subjects: readonly string[]): ProfilePair | undefined {
  return pairs.find((p) => samePair(p.subjects, subjects));
}
