/**
 * Offer 5.7: "during the use of additional services, the profile subject cannot be changed". A
 * profile change keeps every subject of an active package's pair; adding others is harmless.
 * Returns the locked subjects the new list would drop (none: the change may go ahead).
 */
export function droppedLockedSubjects(next: readonly string[] | null, locked: readonly string[]): string[] {
  const kept = new Set(next ?? []);
  return [...new Set(locked)].filter((s) => !kept.has(s));
}
