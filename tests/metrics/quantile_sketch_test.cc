#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "metrics/quantile_sketch.h"
#include "util/rng.h"

namespace plan {
namespace {

// The value the sketch promises to approximate: numpy's percentile(method='lower').
double ExactLower(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<size_t>(std::floor(q * static_cast<double>(sorted.size() - 1)))];
}

// 1% relative error by construction; the factor covers rounding in log/exp at a bucket edge.
constexpr double kTolerance = QuantileSketch::kRelativeError * (1 + 1e-9);

}  // namespace

TEST_CASE("QuantileSketch is within 1% of exact quantiles of 100k lognormal values", "[metrics]") {
  Rng rng(42);
  QuantileSketch sketch;
  std::vector<double> values;
  for (int i = 0; i < 100000; ++i) {
    values.push_back(rng.LogNormal(0.5, 2.0));  // spans ~1e-4 .. 1e3
    sketch.Add(values.back());
  }
  std::sort(values.begin(), values.end());
  REQUIRE(sketch.Count() == 100000);
  CHECK(sketch.Min() == values.front());
  CHECK(sketch.Max() == values.back());
  for (double q :
       {0.0, 0.0001, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0}) {
    const double exact = ExactLower(values, q);
    INFO("q=" << q << " exact=" << exact << " sketch=" << sketch.Quantile(q));
    CHECK(std::fabs(sketch.Quantile(q) - exact) <= kTolerance * exact);
  }
  double max_error = 0;
  for (int i = 0; i <= 1000; ++i) {
    const double exact = ExactLower(values, i / 1000.0);
    max_error = std::max(max_error, std::fabs(sketch.Quantile(i / 1000.0) - exact) / exact);
  }
  CHECK(max_error <= kTolerance);
}

TEST_CASE("QuantileSketch ranks by numpy's 'lower' rule", "[metrics]") {
  QuantileSketch sketch;
  for (double v : {4.0, 1.0, 3.0, 2.0}) sketch.Add(v);
  CHECK(sketch.Quantile(0.0) == 1.0);  // rank 0 is the exact minimum
  CHECK(sketch.Quantile(1.0) == 4.0);  // rank n-1 is the exact maximum
  // rank = floor(q x 3): q = 0.5 -> 1 (value 2), 0.66 -> 1 (value 2), 0.67 -> 2 (value 3).
  CHECK(sketch.Quantile(0.5) == Approx(2.0).epsilon(0.01));
  CHECK(sketch.Quantile(0.66) == Approx(2.0).epsilon(0.01));
  CHECK(sketch.Quantile(0.67) == Approx(3.0).epsilon(0.01));
  CHECK(sketch.Mean() == 2.5);  // (1 + 2 + 3 + 4) / 4, exact
}

TEST_CASE("QuantileSketch counts zero and sub-nanosecond values in the zero bucket", "[metrics]") {
  QuantileSketch sketch;
  sketch.Add(0.0);
  sketch.Add(1e-12);
  sketch.Add(5.0);
  CHECK(sketch.Count() == 3);
  CHECK(sketch.Min() == 0.0);
  CHECK(sketch.Max() == 5.0);
  CHECK(sketch.Quantile(0.5) == 0.0);  // rank 1 is in the zero bucket, read as Min()
  CHECK(sketch.Mean() == Approx((5.0 + 1e-12) / 3).epsilon(1e-15));
}

TEST_CASE("An empty QuantileSketch reads zero everywhere", "[metrics]") {
  QuantileSketch sketch;
  CHECK(sketch.Count() == 0);
  CHECK(sketch.Mean() == 0.0);
  CHECK(sketch.Min() == 0.0);
  CHECK(sketch.Max() == 0.0);
  CHECK(sketch.Quantile(0.99) == 0.0);
}

TEST_CASE("QuantileSketch Merge equals adding every value to one sketch", "[metrics]") {
  Rng rng(7);
  QuantileSketch a, b, all;
  for (int i = 0; i < 20000; ++i) {
    // Multiples of 1/1024 sum exactly in any order, so the means must match bit for bit.
    const double v = std::round(rng.LogNormal(1.0, 1.5) * 1024) / 1024;
    (i % 3 ? a : b).Add(v);
    all.Add(v);
  }
  b.Add(1e9);  // outside a's pre-sized range: Merge must grow a
  all.Add(1e9);
  a.Merge(b);
  CHECK(a.Count() == all.Count());
  CHECK(a.Mean() == all.Mean());
  CHECK(a.Min() == all.Min());
  CHECK(a.Max() == all.Max());
  for (int i = 0; i <= 100; ++i) CHECK(a.Quantile(i / 100.0) == all.Quantile(i / 100.0));

  QuantileSketch empty;
  empty.Merge(all);
  CHECK(empty.Quantile(0.5) == all.Quantile(0.5));
  CHECK(empty.Count() == all.Count());
}

TEST_CASE("QuantileSketch memory follows the value range, not the count", "[metrics]") {
  // Pre-sized for [1e-6, 1e4]: indices ceil(ln(1e-6)/ln(gamma)) = ceil(-690.7) = -690 to
  // ceil(ln(1e4)/ln(gamma)) = ceil(460.5) = 461, with ln(gamma) = ln(1.01/0.99) = 0.0200013.
  QuantileSketch sketch;
  CHECK(sketch.BucketCapacity() == 1152);  // 461 - (-690) + 1
  Rng rng(1);
  for (int i = 0; i < 1000000; ++i) sketch.Add(1e-3 + rng.Uniform() * 1e3);
  CHECK(sketch.BucketCapacity() == 1152);
  // 1e12 has index ceil(27.631/0.0200013) = 1382: 2073 buckets needed, doubled to 2304.
  sketch.Add(1e12);
  CHECK(sketch.BucketCapacity() == 2304);
  sketch.Add(2e12);  // index 1417, within the slack: no growth
  CHECK(sketch.BucketCapacity() == 2304);
}

}  // namespace plan
