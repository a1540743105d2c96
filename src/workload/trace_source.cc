#include "workload/trace_source.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "util/input_limits.h"

namespace plan {

TraceSource::TraceSource(LineReader reader, const TraceOpenOptions& opt, std::string format)
    : reader_(std::move(reader)), opt_(opt) {
  stats_.format = std::move(format);
}

bool TraceSource::Fail(int64_t col, std::string_view line, std::string_view message) {
  status_ = Status::Invalid(TraceError(reader_.path(), reader_.line_number(), col, line, message));
  return false;
}

bool TraceSource::Next(Request* r) {
  if (!status_.ok()) return false;
  std::string_view line;
  TraceRow row;
  for (;;) {
    if (opt_.max_requests > 0 && stats_.requests >= opt_.max_requests) return false;
    if (!reader_.Next(&line)) {
      if (!reader_.status().ok()) {
        status_ = reader_.status();
      } else if (stats_.requests == 0) {
        // Nothing to replay is an error, not a report of zeros.
        status_ = Status::Invalid(
            stats_.rows == 0
                ? fmt::format("{}: the trace has a header but no rows", reader_.path())
                : fmt::format("{}: every one of the {} rows is a failed request (0 response "
                              "tokens); there is nothing to replay",
                              reader_.path(), stats_.rows));
      }
      return false;
    }
    if (IsBlankLine(line)) continue;
    ++stats_.rows;
    row = TraceRow();
    r->prefix_hashes.clear();
    r->prefix_block_tokens = 0;
    r->session = 0;
    r->region = -1;
    r->label = -1;
    if (!ParseRow(line, &row, r)) return false;
    if (!opt_.lengths_only) {
      if (have_first_ && row.time_ns < prev_time_ns_) {
        return Fail(
            row.time_col, line,
            fmt::format("time '{}' is earlier than '{}' on line {}; rows must be in time order",
                        row.time_text, prev_time_text_, prev_line_));
      }
      if (!have_first_) first_time_ns_ = row.time_ns;
      have_first_ = true;
      prev_time_ns_ = row.time_ns;
      prev_line_ = reader_.line_number();
      prev_time_text_.assign(row.time_text);
    }
    if (!row.failed) break;
    ++stats_.skipped_failed;
  }
  // The row parsers guarantee 0 <= tokens <= INT32_MAX.
  int32_t input = static_cast<int32_t>(row.input_tokens);
  int32_t output = static_cast<int32_t>(row.output_tokens);
  if (input == 0 || output == 0) {
    ++stats_.raised_zero;
    input = std::max(input, 1);
    output = std::max(output, 1);
  }
  if (ClipToContext(opt_.max_total_tokens, &input, &output, opt_.clip)) ++stats_.clipped;
  r->input_tokens = input;
  r->output_tokens = output;
  // Arrival times are relative to the first data row (a skipped one included).
  int64_t rel_ns = 0;
  if (!opt_.lengths_only && __builtin_sub_overflow(row.time_ns, first_time_ns_, &rel_ns))
    return Fail(row.time_col, line, "time is too far from the first row's");
  const double scaled_ns = static_cast<double>(rel_ns) / opt_.rate_scale;
  if (!(scaled_ns <= static_cast<double>(kMaxTimeNs)))
    return Fail(row.time_col, line,
                fmt::format("time is {:.0f} years after the first row's{}, beyond the {:.0f} "
                            "years plan simulates",
                            scaled_ns / 1e9 / (365.25 * 86400),
                            opt_.rate_scale == 1.0 ? "" : " (with rate_scale)",
                            limits::kMaxSeconds / (365.25 * 86400)));
  r->arrival_ns = opt_.rate_scale == 1.0 ? rel_ns : static_cast<TimeNs>(std::llround(scaled_ns));
  r->id = static_cast<uint64_t>(stats_.requests++);
  return true;
}

}  // namespace plan
