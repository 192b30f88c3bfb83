/** Medians, spreads and percentiles of repeated measurements. */

export interface Spread {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

/** The q-quantile (0..1) by linear interpolation; NaN for no values. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function spreadOf(samples: number[]): Spread {
  return { median: quantile(samples, 0.5), min: Math.min(...samples), max: Math.max(...samples), samples };
}

/** Median of the values that are known (CPU figures may be null where /proc is missing). */
export function medianOf(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  return known.length === 0 ? null : quantile(known, 0.5);
}
