/**
 * Who may enter a contest or answer a survey: the profile fields it requires must be filled
 * (offer 7.1.2), the user's region must be among its regions and their locale among its locales
 * when it names any.
 */
import { PROFILE_FIELD_LABELS, type ProfileField } from './profile-fields.js';

export interface ProfileFacts {
  region: string | null;
  locale: string | null;
  filled: readonly string[];
}

export interface Requirements {
  requiredProfileFields: readonly ProfileField[];
  regions?: readonly string[] | undefined;
  locales?: readonly string[] | undefined;
}

export type Verdict =
  | { ok: true }
  | { ok: false; reason: 'profile-incomplete'; missing: ProfileField[] }
  | { ok: false; reason: 'region-not-eligible'; region: string | null }
  | { ok: false; reason: 'locale-not-eligible'; locale: string | null };

/** `profile` is null when no identity event about the user has arrived yet. */
export function checkEligibility(profile: ProfileFacts | null, req: Requirements): Verdict {
  const filled = new Set(profile?.filled ?? []);
  const missing = req.requiredProfileFields.filter((f) => !filled.has(f));
  if (missing.length > 0) return { ok: false, reason: 'profile-incomplete', missing };
  const region = profile?.region ?? null;
  if (req.regions && req.regions.length > 0 && (region === null || !req.regions.includes(region))) {
    return { ok: false, reason: 'region-not-eligible', region };
  }
  const locale = profile?.locale ?? null;
  if (req.locales && req.locales.length > 0 && (locale === null || !req.locales.includes(locale))) {
    return { ok: false, reason: 'locale-not-eligible', locale };
  }
  return { ok: true };
}

/** The missing fields named for people, in both languages. */
export function missingLabels(missing: readonly ProfileField[]): { kk: string; ru: string } {
  return {
    kk: missing.map((f) => PROFILE_FIELD_LABELS[f].kk).join(', '),
    ru: missing.map((f) => PROFILE_FIELD_LABELS[f].ru).join(', '),
  };
}
