// A streaming quantile sketch with bounded relative error (DDSketch-style log buckets).
//
// Contract: for any q in [0, 1], Quantile(q) is within kRelativeError (1%) of the exact
// value at 0-based rank floor(q x (count - 1)) of the sorted values -- numpy's
// percentile(method='lower'): q = 0 is the minimum, q = 1 the maximum, and p50 of
// {1, 2, 3, 4} is 2. Values below kMinTrackable count in a "zero" bucket whose quantile
// reads as Min() (absolute error under kMinTrackable). Count, Mean, Min and Max are exact.
//
// Memory grows with the log of the value range (max/min), never with the count: about
// 115 buckets per factor of 10. Add is branch-light and allocates only when a value falls
// outside every range seen before. Output depends only on the multiset of values added.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace plan {

class QuantileSketch {
 public:
  // The guaranteed relative accuracy; gamma = (1 + a) / (1 - a) is the bucket ratio.
  static constexpr double kRelativeError = 0.01;
  static constexpr double kBucketRatio = (1 + kRelativeError) / (1 - kRelativeError);
  // Below this a value counts as zero: one nanosecond, the simulator's time resolution,
  // when values are seconds.
  static constexpr double kMinTrackable = 1e-9;

  // Pre-sizes the buckets for [1e-6, 1e4] (a microsecond to ~3 hours in seconds), so that
  // latencies never reallocate.
  QuantileSketch();

  // REQUIRES: value >= 0 and finite (a negative value counts as zero).
  void Add(double value);
  // Afterwards this sketch equals one that saw both streams of values.
  void Merge(const QuantileSketch& other);

  int64_t Count() const { return count_; }
  // 0 for an empty sketch, as are Min, Max and Quantile.
  double Mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  double Min() const { return count_ ? min_ : 0.0; }
  double Max() const { return count_ ? max_ : 0.0; }
  // REQUIRES: 0 <= q <= 1.
  double Quantile(double q) const;
  // A value that at least k of the values added exceed (0 when fewer than k are above
  // kMinTrackable): the lower edge of the bucket where the k largest end, less one bucket for
  // rounding in the bucket index. Then any q-quantile of a superset whose rank falls among
  // those k reads at least FloorOfTop(k) / kBucketRatio^2.
  double FloorOfTop(int64_t k) const;

  // Buckets currently allocated (for tests of the memory bound).
  size_t BucketCapacity() const { return buckets_.size(); }

 private:
  int32_t IndexOf(double value) const;
  double ValueOf(int32_t index) const;
  // Makes [lo, hi] addressable, at least doubling the allocation when it grows.
  void Cover(int32_t lo, int32_t hi);

  std::vector<uint64_t> buckets_;  // buckets_[i] counts values with index offset_ + i
  int32_t offset_ = 0;
  uint64_t zero_count_ = 0;
  int64_t count_ = 0;
  double sum_ = 0;
  double min_ = 0;
  double max_ = 0;
};

}  // namespace plan
