/**
 * Offset → line lookups in O(log n), built once per text. Detectors report a line for every match,
 * and counting newlines from the start for each one is quadratic on a large one-line file.
 */
export function lineLocator(text: string): (offset: number) => number {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * Finds successive needles in document order: each search starts after the previous match (and
 * falls back to the whole text), so locating N items in a file stays linear when they are in order.
 */
export function orderedFinder(text: string): (re: RegExp) => number | undefined {
  const lineOf = lineLocator(text);
  let cursor = 0;
  return (re: RegExp): number | undefined => {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    g.lastIndex = cursor;
    let m = g.exec(text);
    if (!m && cursor > 0) {
      g.lastIndex = 0;
      m = g.exec(text);
    }
    if (!m) return undefined;
    cursor = m.index + 1;
    return lineOf(m.index);
  };
}
