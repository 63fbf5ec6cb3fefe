/**
 * Kazakhstan mobile numbers. The country shares +7 with Russia: Kazakhstan's numbers are +7 6xx and
 * +7 7xx, Russia's the rest. Landlines are +7 7 followed by a city code (Astana 7172, Almaty 727),
 * so a mobile number is told apart by its three-digit operator code, not by the leading 7.
 */
export const KZ_MOBILE_CODES: ReadonlySet<string> = new Set([
  '700', '701', '702', '703', '704', '705', '706', '707', '708',
  '747', '771', '775', '776', '777', '778',
]);

/**
 * Returns the number as E.164 `+77XXXXXXXXX`, or null when it is not a Kazakhstan mobile number.
 * Accepts +7, 8, 7 or no trunk prefix, with spaces, hyphens, dots and parentheses between digits.
 */
export function normalizeKzMobile(input: string): string | null {
  const text = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');

  let national: string;
  if (text.startsWith('+')) {
    if (digits.length !== 11 || !digits.startsWith('7')) return null;
    national = digits.slice(1);
  } else if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) {
    national = digits.slice(1);
  } else if (digits.length === 10) {
    national = digits;
  } else {
    return null;
  }

  return KZ_MOBILE_CODES.has(national.slice(0, 3)) ? `+7${national}` : null;
}
