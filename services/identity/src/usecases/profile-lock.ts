import { ProblemError } from '@joo/service-kit';
import type { Queryable } from '@joo/db';
import { droppedLockedSubjects } from '../domain/profile-lock.js';
import { activeLocks } from '../store/profile-locks.js';

/** 409 profile-subject-locked when the new profileSubjects (null: deleted) drop a subject of an active package (offer 5.7). */
export async function assertProfileSubjectsKept(q: Queryable, userId: string, next: unknown, now: Date): Promise<void> {
  const locks = await activeLocks(q, userId, now);
  if (locks.length === 0) return;
  const dropped = droppedLockedSubjects(Array.isArray(next) ? (next as string[]) : null, locks.flatMap((l) => l.subjects));
  if (dropped.length === 0) return;
  throw new ProblemError(409, 'profile-subject-locked', 'Conflict',
    'Your profile subjects cannot change while a package bought for them is active (offer 5.7)', {
      lockedSubjects: [...new Set(locks.flatMap((l) => l.subjects))],
      lockedUntil: locks[0]!.validUntil.toISOString(),
      errors: dropped.map((s) => ({ field: '/profileSubjects', message: `must keep ${s} while your package is active` })),
    });
}
