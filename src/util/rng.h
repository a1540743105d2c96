// Seeded random streams, identical on every machine (no std:: distributions, whose
// output is implementation-defined).
#pragma once

#include <cstdint>
#include <string_view>

namespace plan {

// FNV-1a's 64-bit mixing, for deriving stream ids from names. The default basis is FNV's
// published offset basis (14695981039346656037) with its last digit lost; every seeded stream
// derives from it, so it stays as it is.
uint64_t HashName(std::string_view s, uint64_t h = 1469598103934665603ull);

// xoshiro256** seeded through splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  // An independent stream for (seed, a, b): adding a candidate never shifts another's draws.
  static Rng Stream(uint64_t seed, std::string_view a, std::string_view b = {});

  uint64_t Next();
  // Uniform in [0, 1), 53 random bits.
  double Uniform();
  // Uniform integer in [0, n); REQUIRES: n > 0.
  uint64_t Below(uint64_t n);
  double Exponential(double mean);
  double Normal(double mean, double stddev);
  double LogNormal(double median, double sigma);
  // Gamma with the given shape and scale (Marsaglia-Tsang).
  double Gamma(double shape, double scale);

 private:
  uint64_t s_[4];
  bool has_spare_normal_ = false;
  double spare_normal_ = 0;
};

}  // namespace plan
