// Plain-text tables and number formatting for the console report.

/**
 * @param {number | null | undefined} v
 * @param {number} [digits]
 */
export function num(v, digits = 0) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * @param {number | null | undefined} v  a share 0..1
 * @param {number} [digits]
 */
export function pct(v, digits = 2) {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)} %`;
}

/**
 * "median [min–max]", or just the median for a single repetition.
 * @param {import('./stats.js').Summary} s
 * @param {(v: number | null) => string} fmt
 */
export function range(s, fmt) {
  if (s.median === null) return '–';
  if (s.n < 2 || s.min === s.max) return fmt(s.median);
  return `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]`;
}

/**
 * Render rows as an aligned table: first column left-aligned, the others right-aligned unless `left` says so.
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {number[]} [left] indexes of further left-aligned columns
 * @returns {string}
 */
export function table(header, rows, left = []) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => [...(r[c] ?? '')].length)));
  /** @param {string[]} r */
  const line = (r) =>
    r
      .map((cell, c) => {
        const pad = ' '.repeat((widths[c] ?? 0) - [...cell].length);
        return c === 0 || left.includes(c) ? cell + pad : pad + cell;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** @param {string} title */
export function heading(title) {
  return `\n${title}\n${'═'.repeat([...title].length)}`;
}
