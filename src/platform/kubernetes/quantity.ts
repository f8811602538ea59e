import { InvalidInputError } from '../../core/errors.js';

/**
 * Kubernetes resource quantities ("250m", "0.5", "1e3", "1.5Gi"), parsed exactly as apimachinery's
 * `resource.ParseQuantity` does (pkg/api/resource/quantity.go, suffix.go): fixed-point, never floats.
 *
 * Why not the client's parser: @kubernetes/client-node 1.4.0 has `quantityToScalar` in `dist/util.js`, not
 * exported from the package index, and it is not exact: `m`, `u`, `n` divide a float (`"100m"` → 0.1,
 * `"1n"` → 1e-9), fractions with a larger suffix throw (`"1.5Gi"` → "Cannot convert 1.5 to a BigInt"), and it
 * returns `number | bigint` depending on the suffix.
 */

/** decimalSI suffixes and their powers of ten; binarySI suffixes and their powers of two. */
const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENT: Record<string, bigint> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };

// <signedNumber><suffix>, number = digits | digits.digits | digits. | .digits; suffix = binarySI | e/E<signed int> |
// decimalSI. "1E" is exa, "1E3" a thousand. No whitespace, case-sensitive.
const QUANTITY = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|([numkMGTPE]?))$/;

const NANO_PER_UNIT = 1_000_000_000n;
const NANO_PER_MILLI = 1_000_000n;
/** Above this many nano-units nothing this project counts (cores, bytes) fits a JS number exactly. */
const MAX_NANO_DIGITS = 40;

/**
 * The quantity in nano-units (10^-9), exact, as a BigInt. A value finer than a nano is rounded away from zero to
 * the next nano, as ParseQuantity does ("0.1n" → 1n).
 *
 * Two deliberate differences from Go, both about input Go accepts by accident: a quantity without any digit
 * ("Mi", ".", "-") is an error here (Go's scanner reads it as 0, its grammar comment requires digits), and binarySI
 * values are not capped at 2^63−1 (the callers below reject values a number cannot hold instead).
 *
 * @throws InvalidInputError (exit 3) naming the quantity when it is not a Kubernetes quantity.
 */
export function quantityNanos(quantity: string | number): bigint {
  const text = typeof quantity === 'number' ? numberText(quantity) : quantity;
  const match = QUANTITY.exec(text);
  if (!match) throw invalid(text);
  const [, sign, whole = '', fraction = '', fractionOnly = '', binary, exponent, decimal = ''] = match;
  const digits = `${whole}${fraction}${fractionOnly}`;
  let mantissa = BigInt(digits);
  if (mantissa === 0n) return 0n;
  if (binary) mantissa <<= BINARY_EXPONENT[binary] ?? 0n;
  // value = mantissa × 10^power × (2^k already applied); nano-units add 9 to the power.
  const exponentValue = exponent === undefined ? (DECIMAL_EXPONENT[decimal] ?? 0) : Number(exponent);
  const power = exponentValue - (fraction.length + fractionOnly.length) + 9;
  const magnitude = mantissa.toString().length + power;
  if (magnitude > MAX_NANO_DIGITS) throw new InvalidInputError(`quantity "${text}" is too large to count exactly`);
  let nanos: bigint;
  if (power >= 0) nanos = mantissa * 10n ** BigInt(power);
  else if (magnitude < 0)
    nanos = 1n; // below one nano, non-zero: rounds up to 1n
  else nanos = divideRoundingUp(mantissa, 10n ** BigInt(-power));
  return sign === '-' ? -nanos : nanos;
}

/**
 * CPU in millicores, like `Quantity.MilliValue()` (what `kubectl top` prints): "100m" → 100, "1" → 1000,
 * "0.5" → 500, "1.0001" → 1001, "1n" → 1 — fractions of a millicore round up (away from zero for a negative
 * quantity, as Go does for the int64 form every realistic quantity parses to).
 *
 * @throws InvalidInputError (exit 3) on an invalid quantity, or one beyond Number.MAX_SAFE_INTEGER millicores.
 */
export function cpuMillicoresOf(quantity: string | number): number {
  return safeNumber(divideRoundingUp(quantityNanos(quantity), NANO_PER_MILLI), quantity, 'millicores');
}

/**
 * Memory (or any count) in whole units, like `Quantity.Value()`: "1Mi" → 1048576, "1e3" → 1000,
 * "12E-1" → 2 (fractions round up, away from zero for a negative quantity).
 *
 * @throws InvalidInputError (exit 3) on an invalid quantity, or one beyond Number.MAX_SAFE_INTEGER bytes.
 */
export function memoryBytesOf(quantity: string | number): number {
  return safeNumber(divideRoundingUp(quantityNanos(quantity), NANO_PER_UNIT), quantity, 'bytes');
}

/** Integer division whose non-zero remainder moves the quotient away from zero. */
function divideRoundingUp(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor; // BigInt division truncates toward zero
  if (dividend % divisor === 0n) return quotient;
  return dividend < 0n ? quotient - 1n : quotient + 1n;
}

function safeNumber(value: bigint, quantity: string | number, unit: string): number {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  if (value > limit || value < -limit)
    throw new InvalidInputError(`quantity "${quantity}" is too large to count in ${unit} exactly`);
  return Number(value);
}

/** A JSON number in a quantity field (the API allows one): its shortest decimal text, "1e+21" included. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw invalid(String(value));
  return String(value);
}

function invalid(text: string): InvalidInputError {
  return new InvalidInputError(
    `invalid quantity "${text}": expected a number with an optional suffix, like 250m, 0.5, 1e3 or 128Mi ` +
      '(n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e/E and an exponent; case-sensitive, no spaces)',
  );
}
