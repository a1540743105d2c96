// util/rng as a specification: the generator is exactly xoshiro256** seeded through splitmix64,
// streams derive from (seed, path, part) alone, and the distributions have the moments they
// claim. The pinned values were computed by an independent reimplementation of the published
// algorithms (https://prng.di.unimi.it/xoshiro256starstar.c, .../splitmix64.c), not read back
// from plan. The statistical checks are deterministic (fixed seeds); each tolerance is five
// standard errors of the estimate, so a correct generator passes them at any seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "util/rng.h"

namespace plan {
namespace {

constexpr int kDraws = 200'000;

std::vector<uint64_t> Draws(Rng rng, int n) {
  std::vector<uint64_t> out(n);
  for (uint64_t& x : out) x = rng.Next();
  return out;
}

struct Moments {
  double mean = 0;
  double variance = 0;
};

template <typename Draw>
Moments Sample(Draw draw, int n) {
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    double x = draw();
    sum += x;
    sum_sq += x * x;
  }
  Moments m;
  m.mean = sum / n;
  m.variance = sum_sq / n - m.mean * m.mean;
  return m;
}

// Five standard errors of a sample variance over n draws, from the distribution's variance and
// fourth central moment.
double VarianceTolerance(double variance, double fourth_central_moment, double n) {
  return 5 * std::sqrt((fourth_central_moment - variance * variance) / n);
}

}  // namespace

TEST_CASE("Rng(seed) is xoshiro256** on the state splitmix64 draws from the seed", "[util][rng]") {
  // splitmix64 from 0 gives the published words e220a8397b1dcdaf, 6e789e6aa1b965f4,
  // 06c45d188009454f, f88bb8a8724c81ec; xoshiro256** on that state outputs:
  CHECK(Draws(Rng(0), 3) ==
        std::vector<uint64_t>{0x99ec5f36cb75f2b4, 0xbf6e1f784956452a, 0x1a5f849d4933e6e0});
  Rng r(0);
  // Uniform keeps the top 53 bits: 0x99ec5f36cb75f2b4 >> 11 over 2^53.
  CHECK(r.Uniform() == 0.6012629994179048);
  CHECK(r.Uniform() == 0.7477740925472398);
}

TEST_CASE("HashName mixes as FNV-1a, from plan's own offset basis", "[util][rng]") {
  // With FNV's published 64-bit offset basis it gives FNV-1a's published test vectors.
  constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325;
  CHECK(HashName("a", kFnvOffsetBasis) == 0xaf63dc4c8601ec8c);
  CHECK(HashName("foobar", kFnvOffsetBasis) == 0x85944171f73967e8);
  // The default basis is 1469598103934665603, not FNV's 14695981039346656037 (a digit short).
  // Every stream derives from it, so changing it would move every seeded result.
  CHECK(HashName("") == 1469598103934665603ull);
  CHECK(HashName("ab") == HashName("b", HashName("a")));  // chains byte by byte
}

TEST_CASE("A known stream's first draws are pinned", "[util][rng]") {
  // The generator's arrival stream for seed 7 (workload/generator_source.cc).
  CHECK(Draws(Rng::Stream(7, "workload", "arrival"), 3) ==
        std::vector<uint64_t>{0x58cfe397f2305ba4, 0x933e0de658e76258, 0x450a282224d51315});
  Rng u = Rng::Stream(7, "workload", "arrival");
  CHECK(u.Uniform() == 0.3469221349679982);
  CHECK(u.Uniform() == 0.5751656234141627);
  CHECK(u.Uniform() == 0.26968623002615666);
  // Below(10): Lemire's multiply-shift, the high word of draw x 10.
  Rng b = Rng::Stream(7, "workload", "arrival");
  std::vector<uint64_t> below;
  for (int i = 0; i < 5; ++i) below.push_back(b.Below(10));
  CHECK(below == std::vector<uint64_t>{3, 5, 2, 2, 2});
  CHECK(Draws(Rng::Stream(1, "fleet", "api"), 3) ==
        std::vector<uint64_t>{0x40d07058281d00e9, 0x74c0c1b27310779d, 0x22067f38e3bbf384});
}

TEST_CASE("The same (seed, path, part) reproduces its stream exactly", "[util][rng]") {
  CHECK(Draws(Rng::Stream(42, "h/cheap", "api"), 1000) ==
        Draws(Rng::Stream(42, "h/cheap", "api"), 1000));
  CHECK(Draws(Rng(42), 1000) == Draws(Rng(42), 1000));
  CHECK(Draws(Rng::Stream(42, "fleet"), 10) == Draws(Rng::Stream(42, "fleet", ""), 10));
}

TEST_CASE("Streams derived from different (seed, path, part) differ", "[util][rng]") {
  struct Derivation {
    uint64_t seed;
    const char* path;
    const char* part;
  };
  const std::vector<Derivation> derivations = {
      {7, "workload", "arrival"},
      {7, "workload", "input_tokens"},
      {7, "workload", "output_tokens"},
      {8, "workload", "arrival"},
      {0, "workload", "arrival"},
      {7, "fleet", "api"},
      {7, "fleet", "hybrid"},
      {7, "h/cheap", "api"},
      {7, "h/expensive", "api"},
      {7, "h", "api"},
      {7, "fleet", ""},
      {7, "", "fleet"},
  };
  // No two share a first draw, and none is another shifted: no stream's first draw appears
  // anywhere in another's first 10,000.
  std::vector<std::vector<uint64_t>> streams;
  for (const Derivation& d : derivations)
    streams.push_back(Draws(Rng::Stream(d.seed, d.path, d.part), 10'000));
  for (size_t i = 0; i < streams.size(); ++i) {
    const std::set<uint64_t> seen(streams[i].begin(), streams[i].end());
    for (size_t j = 0; j < streams.size(); ++j) {
      if (i == j) continue;
      INFO(derivations[i].path << "/" << derivations[i].part << " seed " << derivations[i].seed
                               << " vs " << derivations[j].path << "/" << derivations[j].part
                               << " seed " << derivations[j].seed);
      CHECK(seen.count(streams[j][0]) == 0);
    }
  }
}

TEST_CASE("Drawing from one stream never shifts another's draws", "[util][rng]") {
  const std::vector<uint64_t> alone = Draws(Rng::Stream(3, "fleet", "api"), 100);
  // The same stream while other streams are derived and drawn from between its draws.
  Rng fleet = Rng::Stream(3, "fleet", "api");
  Rng workload = Rng::Stream(3, "workload", "arrival");
  std::vector<uint64_t> interleaved;
  for (int i = 0; i < 100; ++i) {
    interleaved.push_back(fleet.Next());
    workload.Uniform();
    Rng added = Rng::Stream(3, "new-candidate", std::to_string(i));  // a candidate added later
    added.Normal(0, 1);
  }
  CHECK(interleaved == alone);
}

TEST_CASE("Two streams' uniforms are uncorrelated", "[util][rng]") {
  Rng a = Rng::Stream(11, "workload", "input_tokens");
  Rng b = Rng::Stream(11, "workload", "output_tokens");
  double sum_ab = 0, sum_a = 0, sum_b = 0;
  for (int i = 0; i < kDraws; ++i) {
    double x = a.Uniform(), y = b.Uniform();
    sum_a += x;
    sum_b += y;
    sum_ab += x * y;
  }
  double covariance = sum_ab / kDraws - (sum_a / kDraws) * (sum_b / kDraws);
  double correlation = covariance * 12;  // each has variance 1/12
  CHECK(std::abs(correlation) < 5 / std::sqrt(kDraws));
}

TEST_CASE("Uniform and Below are uniform over their ranges", "[util][rng]") {
  Rng u(5);
  double lo = 1, hi = 0;
  Moments m = Sample(
      [&] {
        double x = u.Uniform();
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        return x;
      },
      kDraws);
  CHECK(lo >= 0);
  CHECK(hi < 1);
  CHECK(std::abs(m.mean - 0.5) < 5 * std::sqrt(1.0 / 12 / kDraws));
  CHECK(std::abs(m.variance - 1.0 / 12) < VarianceTolerance(1.0 / 12, 1.0 / 80, kDraws));

  Rng b(6);
  constexpr int kBuckets = 7;
  std::vector<int> count(kBuckets);
  for (int i = 0; i < kDraws; ++i) ++count[b.Below(kBuckets)];
  const double expected = static_cast<double>(kDraws) / kBuckets;
  const double sd = std::sqrt(kDraws * (1.0 / kBuckets) * (1 - 1.0 / kBuckets));
  for (int k = 0; k < kBuckets; ++k) {
    INFO("bucket " << k << ": " << count[k]);
    CHECK(std::abs(count[k] - expected) < 5 * sd);
  }
  uint64_t below_one = 0;
  for (int i = 0; i < 100; ++i) below_one |= b.Below(1);
  CHECK(below_one == 0);
}

TEST_CASE("Exponential, Normal, LogNormal and Gamma have their stated moments", "[util][rng]") {
  const double n = kDraws;
  SECTION("Exponential(mean 2): mean 2, variance 4, P(x > mean) = 1/e") {
    Rng r(21);
    int above = 0, negative = 0;
    Moments m = Sample(
        [&] {
          double x = r.Exponential(2.0);
          negative += x < 0;
          above += x > 2.0;
          return x;
        },
        kDraws);
    CHECK(negative == 0);
    CHECK(std::abs(m.mean - 2.0) < 5 * 2.0 / std::sqrt(n));
    CHECK(std::abs(m.variance - 4.0) < VarianceTolerance(4.0, 9 * 16.0, n));  // kurtosis 9
    const double p = std::exp(-1.0);
    CHECK(std::abs(above / n - p) < 5 * std::sqrt(p * (1 - p) / n));
  }
  SECTION("Normal(3, 2): mean 3, standard deviation 2, symmetric") {
    Rng r(22);
    int below_mean = 0;
    Moments m = Sample(
        [&] {
          double x = r.Normal(3.0, 2.0);
          below_mean += x < 3.0;
          return x;
        },
        kDraws);
    CHECK(std::abs(m.mean - 3.0) < 5 * 2.0 / std::sqrt(n));
    CHECK(std::abs(std::sqrt(m.variance) - 2.0) < 5 * 2.0 / std::sqrt(2 * n));
    CHECK(std::abs(below_mean / n - 0.5) < 5 * 0.5 / std::sqrt(n));
  }
  SECTION("LogNormal(median 100, sigma 0.5): log has mean ln 100 and deviation 0.5") {
    Rng r(23);
    Moments m = Sample([&] { return std::log(r.LogNormal(100.0, 0.5)); }, kDraws);
    CHECK(std::abs(m.mean - std::log(100.0)) < 5 * 0.5 / std::sqrt(n));
    CHECK(std::abs(std::sqrt(m.variance) - 0.5) < 5 * 0.5 / std::sqrt(2 * n));
  }
  // Gamma(k, theta) has variance k theta^2 and kurtosis 3 + 6 / k.
  SECTION("Gamma(shape 2, scale 3): mean 6, variance 18") {
    Rng r(24);
    Moments m = Sample([&] { return r.Gamma(2.0, 3.0); }, kDraws);
    CHECK(std::abs(m.mean - 6.0) < 5 * std::sqrt(18.0 / n));
    CHECK(std::abs(m.variance - 18.0) < VarianceTolerance(18.0, (3 + 6 / 2.0) * 18 * 18, n));
  }
  SECTION("Gamma(shape 0.5, scale 2), below shape 1: mean 1, variance 2") {
    Rng r(25);
    int not_positive = 0;
    Moments m = Sample(
        [&] {
          double x = r.Gamma(0.5, 2.0);
          not_positive += x <= 0;
          return x;
        },
        kDraws);
    CHECK(not_positive == 0);
    CHECK(std::abs(m.mean - 1.0) < 5 * std::sqrt(2.0 / n));
    CHECK(std::abs(m.variance - 2.0) < VarianceTolerance(2.0, (3 + 6 / 0.5) * 2 * 2, n));
  }
}

}  // namespace plan
