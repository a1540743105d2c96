#include "metrics/quantile_sketch.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace plan {

namespace {
// Bucket i holds values in (gamma^(i-1), gamma^i]; its representative 2 gamma^i / (gamma + 1)
// is within (gamma - 1) / (gamma + 1) = kRelativeError of every value in it.
constexpr double kGamma = QuantileSketch::kBucketRatio;
const double kLogGamma = std::log(kGamma);
const double kInvLogGamma = 1.0 / kLogGamma;
constexpr double kRepresentativeScale = 2.0 / (kGamma + 1.0);
}  // namespace

QuantileSketch::QuantileSketch() { Cover(IndexOf(1e-6), IndexOf(1e4)); }

int32_t QuantileSketch::IndexOf(double value) const {
  return static_cast<int32_t>(std::ceil(std::log(value) * kInvLogGamma));
}

double QuantileSketch::ValueOf(int32_t index) const {
  return std::exp(index * kLogGamma) * kRepresentativeScale;
}

void QuantileSketch::Cover(int32_t lo, int32_t hi) {
  assert(lo <= hi);
  const int64_t size = static_cast<int64_t>(buckets_.size());
  if (size == 0) {
    buckets_.assign(static_cast<size_t>(hi - lo + 1), 0);
    offset_ = lo;
    return;
  }
  const int64_t cur_hi = offset_ + size - 1;
  if (lo >= offset_ && hi <= cur_hi) return;
  int64_t new_lo = std::min<int64_t>(lo, offset_);
  int64_t new_hi = std::max<int64_t>(hi, cur_hi);
  // Doubling keeps a slowly drifting range to O(log) reallocations.
  const int64_t slack = std::max<int64_t>(0, 2 * size - (new_hi - new_lo + 1));
  if (lo < offset_)
    new_lo -= slack;
  else
    new_hi += slack;
  std::vector<uint64_t> grown(static_cast<size_t>(new_hi - new_lo + 1), 0);
  std::copy(buckets_.begin(), buckets_.end(), grown.begin() + (offset_ - new_lo));
  buckets_.swap(grown);
  offset_ = static_cast<int32_t>(new_lo);
}

void QuantileSketch::Add(double value) {
  assert(std::isfinite(value));
  if (count_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  ++count_;
  sum_ += value;
  if (!(value >= kMinTrackable)) {
    ++zero_count_;
    return;
  }
  const int32_t index = IndexOf(value);
  const uint64_t slot = static_cast<uint64_t>(static_cast<int64_t>(index) - offset_);
  if (slot >= buckets_.size()) [[unlikely]] {
    Cover(index, index);
    ++buckets_[static_cast<size_t>(index - offset_)];
    return;
  }
  ++buckets_[slot];
}

void QuantileSketch::Merge(const QuantileSketch& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
  sum_ += other.sum_;
  zero_count_ += other.zero_count_;
  // Cover only the other's occupied range, so merging never allocates for empty slack.
  size_t first = 0, last = other.buckets_.size();
  while (first < last && other.buckets_[first] == 0) ++first;
  while (last > first && other.buckets_[last - 1] == 0) --last;
  if (first == last) return;
  Cover(other.offset_ + static_cast<int32_t>(first),
        other.offset_ + static_cast<int32_t>(last - 1));
  for (size_t i = first; i < last; ++i) {
    buckets_[static_cast<size_t>(other.offset_ + static_cast<int64_t>(i) - offset_)] +=
        other.buckets_[i];
  }
}

double QuantileSketch::Quantile(double q) const {
  assert(q >= 0 && q <= 1);
  if (count_ == 0) return 0.0;
  const uint64_t last = static_cast<uint64_t>(count_ - 1);
  const uint64_t rank =
      std::min(last, static_cast<uint64_t>(std::floor(q * static_cast<double>(last))));
  if (rank == 0) return min_;
  if (rank == last) return max_;
  if (rank < zero_count_) return min_;
  uint64_t seen = zero_count_;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen > rank) {
      // Clamping can only move the estimate towards the true value, which lies in [min, max].
      return std::clamp(ValueOf(offset_ + static_cast<int32_t>(i)), min_, max_);
    }
  }
  return max_;  // unreachable: the buckets hold count_ - zero_count_ values
}

double QuantileSketch::FloorOfTop(int64_t k) const {
  if (k <= 0) return 0.0;
  uint64_t seen = 0;
  for (size_t i = buckets_.size(); i-- > 0;) {
    seen += buckets_[i];
    // Values in bucket j lie in (gamma^(j-1), gamma^j]; one bucket lower for the rounding.
    if (seen >= static_cast<uint64_t>(k))
      return std::exp((offset_ + static_cast<int32_t>(i) - 2) * kLogGamma);
  }
  return 0.0;
}

}  // namespace plan
