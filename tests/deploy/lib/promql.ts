/**
 * The metric names a PromQL expression reads. Strings, label matchers, ranges and grouping
 * clauses are removed first; what remains that is not a function, keyword or number is a metric.
 */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = m[0];
    const after = stripped.slice(m.index! + word.length).trimStart();
    if (after.startsWith('(')) continue; // a function
    if (KEYWORDS.has(word.toLowerCase())) continue;
    if (/^\d/.test(word)) continue;
    names.add(word);
  }
  return [...names];
}

/** The metric family a series name belongs to (histogram and summary series carry suffixes). */
export function familyCandidates(name: string): string[] {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base === name ? [name] : [name, base];
}

/** `# TYPE <name> <type>` of a Prometheus text exposition, and the names that have samples. */
export function parseExposition(text: string): { families: Map<string, string>; sampled: Set<string> } {
  const families = new Map<string, string>();
  const sampled = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) families.set(type[1]!, type[2]!);
    else if (line && !line.startsWith('#')) sampled.add(line.split(/[{\s]/)[0]!);
  }
  return { families, sampled };
}
