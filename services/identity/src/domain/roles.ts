/**
 * The roles a user may hold; the access token carries them (`roles`), services check them with
 * `requireRole`. student: every new user; admin: runs the platform; author: writes the question
 * bank (practice); curator: follows assigned students' progress (offer Appendix 2, items 2 and 10).
 */
export const ROLES = ['student', 'admin', 'curator', 'author'] as const;
export type Role = (typeof ROLES)[number];
