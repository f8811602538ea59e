// Kubernetes resource quantities (k8s.io/apimachinery `resource.Quantity`) in their canonical form: CPU in
// whole cores when exact ("2"), else millicores ("250m"); memory with the largest binary suffix that divides it
// exactly ("128Mi", "1536Mi", "1Gi"), else plain bytes. Values are rounded up first: a request one unit short is
// the one that throttles or gets OOM-killed.

const BINARY_SUFFIXES = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const;

export const MEBIBYTE = 1024 ** 2;

/** Rounds up to a multiple of `step`, ignoring floating-point dust (200 × 1.15 = 229.99999999999997 → 230). */
export function ceilTo(value: number, step: number): number {
  const steps = value / step;
  const nearest = Math.round(steps);
  return (Math.abs(steps - nearest) < 1e-9 ? nearest : Math.ceil(steps)) * step;
}

/** "250m", "1", "1500m"; millicores are rounded up to a whole millicore. */
export function cpuQuantity(millicores: number): string {
  const rounded = ceilTo(millicores, 1);
  return rounded % 1000 === 0 ? String(rounded / 1000) : `${rounded}m`;
}

/** "128Mi", "1Gi", "1536Mi", "1000"; bytes are rounded up to a whole byte. */
export function memoryQuantity(bytes: number): string {
  const rounded = ceilTo(bytes, 1);
  if (rounded === 0) return '0';
  for (const [index, suffix] of BINARY_SUFFIXES.entries()) {
    const unit = 1024 ** (BINARY_SUFFIXES.length - index);
    if (rounded % unit === 0) return `${rounded / unit}${suffix}`;
  }
  return String(rounded);
}

const DECIMAL_SUFFIXES = ['E', 'P', 'T', 'G', 'M', 'k', '', 'm', 'u', 'n'] as const;

/**
 * A whole number of nano-units in canonical decimal form, as metrics-server writes CPU nanocores
 * (`resource.NewScaledQuantity(n, -9)`): the largest suffix that divides it exactly — "123456789n", "5u", "2m",
 * "1", "0".
 */
export function nanoQuantity(nanos: number): string {
  const value = Math.round(nanos);
  if (value === 0) return '0';
  for (const [index, suffix] of DECIMAL_SUFFIXES.entries()) {
    const unit = 1000 ** (DECIMAL_SUFFIXES.length - 1 - index);
    if (value % unit === 0) return `${value / unit}${suffix}`;
  }
  return `${value}n`;
}
