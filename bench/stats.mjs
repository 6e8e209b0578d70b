// Order statistics for the benchmark.

export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Linear interpolation between the closest ranks.
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const median = values => quantile(values, 0.5);

/** One figure over runs: its median, and the spread (min, max, and max−min relative to the median). */
export function summarize(values) {
  const med = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return {median: med, min, max, spread_pct: med ? ((max - min) / Math.abs(med)) * 100 : 0, runs: values};
}
