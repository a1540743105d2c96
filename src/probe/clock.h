// The clock seam of the probe: monotonic time for measurements, sleeping for back-off and
// pacing, and the calendar date a probe is stamped with. Tests use FakeClock.
#pragma once

#include <mutex>
#include <string>

#include "util/units.h"

namespace plan {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic nanoseconds from an arbitrary origin.
  virtual TimeNs NowNs() = 0;
  // Returns once NowNs() >= deadline_ns (at once when it already is).
  virtual void SleepUntilNs(TimeNs deadline_ns) = 0;
  // The current UTC time as ISO 8601, e.g. "2026-12-01T09:30:00Z".
  virtual std::string UtcNowIso8601() = 0;
};

// std::chrono::steady_clock and the system calendar. Thread-safe.
class SteadyClock : public Clock {
 public:
  TimeNs NowNs() override;
  void SleepUntilNs(TimeNs deadline_ns) override;
  std::string UtcNowIso8601() override;
};

// Time moves only when told to (Advance) or when someone sleeps. Thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(std::string utc_iso8601 = "2026-01-01T00:00:00Z")
      : utc_(std::move(utc_iso8601)) {}
  TimeNs NowNs() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_ns_;
  }
  void SleepUntilNs(TimeNs deadline_ns) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (deadline_ns > now_ns_) now_ns_ = deadline_ns;
  }
  std::string UtcNowIso8601() override { return utc_; }
  void Advance(TimeNs ns) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ns_ += ns;
  }

 private:
  std::mutex mu_;
  TimeNs now_ns_ = 0;
  std::string utc_;
};

}  // namespace plan
