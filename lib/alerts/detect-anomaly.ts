// Spend anomalies by median and MAD (median absolute deviation), which a
// few past spikes do not drag around the way a mean and sigma are. A value
// is anomalous when it is more than k robust deviations above the baseline
// median AND more than a dollar floor above it, so pennies page nobody.

export interface AnomalyVerdict {
  anomalous: boolean;
  medianUsd: number;
  madUsd: number;
  thresholdUsd: number;
}

const MAD_TO_SIGMA = 1.4826;

export function detectAnomaly(valueUsd: number, baselineUsd: number[], options: { k: number; floorUsd: number }): AnomalyVerdict {
  const medianUsd = median(baselineUsd);
  const madUsd = median(baselineUsd.map((x) => Math.abs(x - medianUsd)));
  const thresholdUsd = medianUsd + Math.max(options.k * MAD_TO_SIGMA * madUsd, options.floorUsd);
  return { anomalous: baselineUsd.length > 0 && valueUsd > thresholdUsd, medianUsd, madUsd, thresholdUsd };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
