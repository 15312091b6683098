package dev.millrace.bench;

import java.util.Arrays;

/** Percentiles of a set of samples, in nanoseconds. */
record Stats(long[] sorted) {
  static Stats of(long[] samples) {
    long[] copy = samples.clone();
    Arrays.sort(copy);
    return new Stats(copy);
  }

  double percentileMillis(double p) {
    int index = (int) Math.min(sorted.length - 1, Math.round(p / 100.0 * (sorted.length - 1)));
    return sorted[index] / 1e6;
  }

  static double median(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }
}
