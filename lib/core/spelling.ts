/**
 * The candidate `name` was most likely meant to be, as TypeScript suggests a name ("did you
 * mean …?", `getSpellingSuggestion` in its checker): one that differs only in case, or else
 * the nearest by Damerau-Levenshtein distance (a swap of two neighbours counts one edit), at
 * most 40% of `name`'s length away and of a length at most a third of it (and 2) different.
 * @param maxDistance at most this many edits away, too
 * @returns the suggestion, or undefined when no candidate is near enough
 */
export function closestMatch(
  name: string,
  candidates: Iterable<string>,
  maxDistance = Infinity,
): string | undefined {
  const maxLengthDifference = Math.max(2, Math.floor(name.length * 0.34));
  let bestDistance = Math.min(Math.floor(name.length * 0.4), maxDistance) + 1;
  let best: string | undefined;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === name || Math.abs(candidate.length - name.length) > maxLengthDifference)
      continue;
    if (candidate.toLowerCase() === lower) return candidate;
    const distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment): insertions, deletions,
 * substitutions and swaps of neighbours. Stops early at `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin >= limit) return limit;
    [before, previous] = [previous, current];
  }
  return previous[b.length];
}
