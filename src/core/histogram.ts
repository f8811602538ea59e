import * as hdr from 'hdr-histogram-js';

/**
 * Latency histograms: HDR histograms of microseconds, 3 significant digits (0.1 % resolution).
 * Recording uses the WebAssembly build (about 4× faster per value than the JS one, measured: ~25 ns vs
 * ~110 ns); WASM histograms live outside the JS heap and must be destroyed. Decoded histograms (analysis,
 * compare) are plain JS objects the garbage collector frees.
 */
export type Histogram = hdr.Histogram;

/** The percentile summary we report for one outcome, in milliseconds. */
export interface OutcomeStats {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

let wasmReady = false;

/**
 * Compiles the WASM module (tens of ms, synchronous) and runs a histogram through recording, adding, encoding and
 * resetting once, so that their code is compiled too. Call it before timing anything: done lazily, the module's
 * compilation stalled the event loop on the first recorded request, and the encoder's on the first bucket sealed —
 * 8–12 ms on the main thread a second into a local run (`--cpu-prof`), sends late by as much.
 */
export function prepareHistograms(): void {
  if (wasmReady) return;
  hdr.initWebAssemblySync();
  wasmReady = true;
  const histogram = createLatencyHistogram();
  const total = createLatencyHistogram();
  histogram.recordValue(1000);
  total.add(histogram);
  decodeHistogram(encodeHistogram(histogram));
  histogram.reset();
  histogram.destroy();
  total.destroy();
}

/** A new, empty latency histogram (WASM; call `destroy()` when done). Values are microseconds. */
export function createLatencyHistogram(): Histogram {
  prepareHistograms();
  return hdr.build({
    useWebAssembly: true,
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** Encodes a histogram as compressed base64 (the HdrHistogram V2 compressed format, as autocannon stores it). */
export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes an encoded histogram into a JS (garbage-collected) histogram. */
export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** A new, empty JS histogram to merge decoded ones into. */
export function createMergeHistogram(): Histogram {
  return hdr.build({ useWebAssembly: false, bitBucketSize: 32, autoResize: true, numberOfSignificantValueDigits: 3 });
}

/** Merges encoded histograms into one JS histogram (HDR histograms add exactly; percentiles never average). */
export function mergeEncoded(encoded: Iterable<string>): Histogram {
  const merged = createMergeHistogram();
  for (const item of encoded) merged.add(decodeHistogram(item));
  return merged;
}

const usToMs = (us: number): number => Math.round(us) / 1000;

/** Percentiles of a microsecond histogram, in milliseconds. */
export function outcomeStats(histogram: Histogram): OutcomeStats {
  return {
    count: histogram.totalCount,
    p50Ms: usToMs(histogram.getValueAtPercentile(50)),
    p90Ms: usToMs(histogram.getValueAtPercentile(90)),
    p99Ms: usToMs(histogram.getValueAtPercentile(99)),
    p999Ms: usToMs(histogram.getValueAtPercentile(99.9)),
    // Not histogram.maxValue: a live histogram knows the exact max, a decoded one only its bucket. Reading
    // the bucket in both cases keeps a re-analysed result identical to the live one.
    maxMs: usToMs(histogram.getValueAtPercentile(100)),
  };
}
