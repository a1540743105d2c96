// A progress bar on stderr for long runs, drawn only when stderr is a terminal
// (Io::err_is_terminal) so that logs and pipes stay clean. Uses the wall clock for rate and ETA
// only; nothing it measures reaches any output file.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>

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

// How long a run goes before a ProgressTicker shows anything: a quick run prints nothing.
inline constexpr std::chrono::milliseconds kProgressDelay{2000};

// "breakeven: 14 simulations  3.5/s  0:04", or without a count (done < 0)
// "simulate: 5 candidates on 2 threads  0:04": `what` then the elapsed time.
std::string TickerLine(const std::string& what, int64_t done, const std::string& unit,
                       double elapsed_s);

// A status line for a run whose amount of work is not known up front (simulate, breakeven):
// when enabled (stderr is a terminal), nothing until `delay` has passed, then `line(elapsed_s)`
// redrawn 10 times a second from the ticker's own thread until Stop(), which clears the line.
// `line` is called on that thread: what it reads must be safe to read there (an atomic).
class ProgressTicker {
 public:
  ProgressTicker(std::ostream& err, bool enabled, std::function<std::string(double)> line,
                 std::chrono::milliseconds delay = kProgressDelay);
  ~ProgressTicker();  // Stop()
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;
  // Ends the thread and erases the line if one was drawn; later calls do nothing.
  void Stop();

 private:
  void Run();

  std::ostream& err_;
  std::function<std::string(double)> line_;
  std::chrono::milliseconds delay_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

}  // namespace plan
