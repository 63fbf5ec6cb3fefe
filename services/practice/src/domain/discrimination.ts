/**
 * How well a question separates stronger students from weaker ones: the upper–lower index
 * (Kelley's 27 %): the share answering it correctly among the 27 % of respondents with the
 * highest ability, less that share among the 27 % with the lowest. From −1 to 1; above 0.3 is
 * usually a good item, below 0 a suspect one (a wrong key, a misleading stem).
 */
export interface Response { correct: boolean; ability: number }

/** The index, or null when fewer than `minimum` respondents make it meaningless. */
export function upperLowerIndex(responses: readonly Response[], minimum = 10): number | null {
  if (responses.length < Math.max(minimum, 2)) return null;
  const ranked = [...responses].sort((a, b) => b.ability - a.ability);
  const group = Math.max(1, Math.round(ranked.length * 0.27));
  const share = (rs: readonly Response[]) => rs.filter((r) => r.correct).length / rs.length;
  const index = share(ranked.slice(0, group)) - share(ranked.slice(-group));
  return Math.round(index * 1000) / 1000;
}
