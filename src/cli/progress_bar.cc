#include "cli/progress_bar.h"

#include <fmt/format.h>

#include <cmath>
#include <ostream>

namespace plan {

namespace {
constexpr int kBarWidth = 20;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

std::string Clock(double s) {
  const int64_t total = std::llround(s);
  if (total >= 3600)
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}
}  // namespace

std::string ProgressLine(int64_t done, int64_t total, int64_t done_at_start, double elapsed_s,
                         const std::string& unit) {
  const int filled = total > 0 ? static_cast<int>(done * kBarWidth / total) : kBarWidth;
  std::string bar = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '-') + "]";
  const std::string count = fmt::format("{:>{}}/{}", done, fmt::format("{}", total).size(), total);
  const int64_t fresh = done - done_at_start;
  if (fresh <= 0 || elapsed_s <= 0) return fmt::format("{}  {}  -- {}/s  ETA --", bar, count, unit);
  const double rate = fresh / elapsed_s;
  return fmt::format("{}  {}  {:.1f} {}/s  ETA {}", bar, count, rate, unit,
                     Clock((total - done) / rate));
}

ProgressBar::ProgressBar(std::ostream& err, bool enabled, std::string unit)
    : err_(err),
      enabled_(enabled),
      unit_(std::move(unit)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - kRedrawInterval) {}

void ProgressBar::Update(int64_t done, int64_t total) {
  if (!enabled_) return;
  if (done_at_start_ < 0) done_at_start_ = done;
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  const double elapsed_s = std::chrono::duration<double>(now - start_).count();
  err_ << '\r' << ProgressLine(done, total, done_at_start_, elapsed_s, unit_) << "\x1b[K"
       << std::flush;
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (drawn_) err_ << '\n' << std::flush;
  drawn_ = false;
}

std::string TickerLine(const std::string& what, int64_t done, const std::string& unit,
                       double elapsed_s) {
  if (done < 0) return fmt::format("{}  {}", what, Clock(elapsed_s));
  const std::string rate =
      elapsed_s > 0 ? fmt::format("{:.1f}/s", done / elapsed_s) : std::string("--/s");
  return fmt::format("{}: {} {}  {}  {}", what, done, unit, rate, Clock(elapsed_s));
}

ProgressTicker::ProgressTicker(std::ostream& err, bool enabled,
                               std::function<std::string(double)> line,
                               std::chrono::milliseconds delay)
    : err_(err), line_(std::move(line)), delay_(delay) {
  if (enabled) thread_ = std::thread([this] { Run(); });
}

ProgressTicker::~ProgressTicker() { Stop(); }

void ProgressTicker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (drawn_) err_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

void ProgressTicker::Run() {
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  if (wake_.wait_for(lock, delay_, [this] { return stop_; })) return;
  while (!stop_) {
    const double elapsed_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    err_ << '\r' << line_(elapsed_s) << "\x1b[K" << std::flush;
    drawn_ = true;
    wake_.wait_for(lock, kRedrawInterval, [this] { return stop_; });
  }
}

}  // namespace plan
