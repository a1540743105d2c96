// A progress bar on stderr for long runs, drawn only when stderr is a terminal
// (Io::err_is_terminal) so that logs and pipes stay clean. Uses the wall clock for rate and ETA
// only; nothing it measures reaches any output file.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace plan {

// "[########------------]  45/120  3.2 configs/s  ETA 0:23". The rate counts only what was
// done since the start (`done_at_start` were already done, e.g. resumed from a journal);
// before anything is done the rate and ETA read "--".
std::string ProgressLine(int64_t done, int64_t total, int64_t done_at_start, double elapsed_s,
                         const std::string& unit);

class ProgressBar {
 public:
  ProgressBar(std::ostream& err, bool enabled, std::string unit);
  // Redraws at most 10 times a second, and always when done == total.
  void Update(int64_t done, int64_t total);
  // Ends the line (if anything was drawn).
  void Finish();

 private:
  std::ostream& err_;
  bool enabled_;
  std::string unit_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  int64_t done_at_start_ = -1;
  bool drawn_ = false;
};

}  // namespace plan
