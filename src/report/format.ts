const counts = new Intl.NumberFormat('en-US');

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** 3210 → "3.2s" (or "3.21s" with 2 digits). */
export function formatSeconds(ms: number, digits = 1): string {
  return `${(ms / 1000).toFixed(digits)}s`;
}

/** Milliseconds with sensible precision: 0.281, 12.4, 1530. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 10) return ms.toFixed(3);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

/** A share as a percentage: 0.00012 → "0.01 %". */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '0 %';
  const percent = (part * 100) / whole;
  return `${percent >= 10 || percent === 0 ? percent.toFixed(1) : percent.toPrecision(2)} %`;
}

/** Bytes for people: 65932493 → "62.9Mi" (binary units, as Kubernetes writes memory). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)}Gi`;
  return `${(bytes / 1024 ** 2).toFixed(1)}Mi`;
}

/** Whole mebibytes, for a process's or a thread's memory: 185597952 → "177 MiB". */
export function formatMebibytes(bytes: number): string {
  return `${Math.round(bytes / 1048576)} MiB`;
}
