/** A percentage as users write it (`5%`, `0.1 %`), as a regular expression source (also the JSON Schema `pattern`). */
export const PERCENT_PATTERN = '^\\s*(\\d+(?:\\.\\d+)?)\\s*%\\s*$';
const percentRegExp = new RegExp(PERCENT_PATTERN);

/**
 * Parses an error rate as users write it — a fraction (`0.05`) or a percentage (`5%`) — into a fraction, 0..1.
 * A number above 1 without `%` is refused rather than guessed at: `5` could mean 5 % or 500 %.
 * @throws {RangeError} naming what was wrong with the text.
 */
export function parseErrorRate(text: string): number {
  const percent = percentRegExp.exec(text);
  if (percent !== null) {
    const value = Number(percent[1]);
    if (value > 100) throw new RangeError(`"${text}" is more than 100 %`);
    return value / 100;
  }
  const fraction = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(fraction) || fraction < 0) {
    throw new RangeError(`"${text}" is not an error rate: write a fraction (0.01) or a percentage (1%)`);
  }
  if (fraction > 1)
    throw new RangeError(`"${text}" is more than 1: a fraction is 0..1; for a percentage write ${text.trim()}%`);
  return fraction;
}
