// Units: simulated time is an integer count of nanoseconds; everything else is SI doubles
// whose unit is in the variable name.
#pragma once

#include <cmath>
#include <cstdint>

#include "util/input_limits.h"

namespace plan {

using TimeNs = int64_t;

inline constexpr TimeNs kNsPerS = 1'000'000'000;
inline constexpr double kBytesPerGB = 1e9;  // decimal, as datasheets print bandwidth
inline constexpr double kBytesPerGiB = 1073741824.0;
inline constexpr double kFlopsPerTflop = 1e12;
inline constexpr double kSecondsPerHour = 3600.0;
// An average month (365.25 / 12 days): the basis of every usd_per_month figure.
inline constexpr double kSecondsPerMonth = 30.4375 * 24 * 3600;

// The latest simulated time: limits::kMaxSeconds (50 years). Five times it still fits in
// int64, so a time plus a few durations never overflows.
inline constexpr TimeNs kMaxTimeNs = static_cast<TimeNs>(limits::kMaxSeconds) * kNsPerS;

// Seconds to nanoseconds, rounded to nearest (never truncated, so tiny steps do not vanish),
// clamped to [-kMaxTimeNs, kMaxTimeNs] (NaN gives 0): no input makes it overflow. Inputs are
// range-checked where they are read; the clamp is the last line of defence.
inline TimeNs SecondsToNs(double s) {
  const double ns = s * 1e9;
  if (std::isnan(ns)) return 0;
  if (ns >= static_cast<double>(kMaxTimeNs)) return kMaxTimeNs;
  if (ns <= -static_cast<double>(kMaxTimeNs)) return -kMaxTimeNs;
  return static_cast<TimeNs>(std::llround(ns));
}
inline double NsToSeconds(TimeNs ns) { return static_cast<double>(ns) / 1e9; }  // correctly rounded

}  // namespace plan
