// Trace readers: a common row loop (time order, rebasing, rate scaling, zero lengths,
// clipping, ids) over a per-format row parser. Streams line by line.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "workload/line_reader.h"
#include "workload/workload_spec.h"
#include "workload/workload_stream.h"

namespace plan {

struct TraceOpenOptions {
  std::string path;
  std::string where;   // the scenario key that named the trace, for "cannot read"
  std::string format;  // "" = detect
  TraceColumns columns;
  bool has_columns = false;  // force the generic reader with these columns
  double rate_scale = 1.0;
  int64_t max_requests = 0;      // 0 = all
  int64_t max_total_tokens = 0;  // 0 = no clipping
  ContextClip clip = ContextClip::kOutputThenInput;
  // Read only lengths (for empirical distributions): the time column may be absent and
  // time order is not checked.
  bool lengths_only = false;
};

// Opens and detects the format of a trace file (or of `bytes`, when given, named `path`).
Result<std::unique_ptr<WorkloadStream>> OpenTrace(const TraceOpenOptions& opt,
                                                  std::unique_ptr<ByteSource> bytes = nullptr);

// One parsed data row, before the common processing.
struct TraceRow {
  int64_t time_ns = 0;         // absolute, in the trace's own origin
  std::string_view time_text;  // as written, for order errors
  int64_t time_col = 1;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  bool failed = false;  // a failed request to skip (BurstGPT: 0 response tokens)
};

class TraceSource : public WorkloadStream {
 public:
  bool Next(Request* r) final;
  Status status() const final { return status_; }

 protected:
  TraceSource(LineReader reader, const TraceOpenOptions& opt, std::string format);

  // Parses one non-blank data line into `row` and r's optional fields (prefix hashes,
  // session, region, label), which arrive reset. False after Fail() on a bad row.
  virtual bool ParseRow(std::string_view line, TraceRow* row, Request* r) = 0;

  // Records `path:line:col: message` (with the line quoted) as the stream's error.
  bool Fail(int64_t col, std::string_view line, std::string_view message);

  LineReader reader_;
  TraceOpenOptions opt_;

 private:
  Status status_;
  bool have_first_ = false;
  int64_t first_time_ns_ = 0;
  int64_t prev_time_ns_ = 0;
  int64_t prev_line_ = 0;
  std::string prev_time_text_;  // reused buffer
};

// The per-format readers, given a reader positioned after the header (CSV) or before the
// first row (JSONL); `first_line` is the header (CSV) or the first row (JSONL).
Result<std::unique_ptr<WorkloadStream>> OpenCsvTrace(LineReader reader, std::string_view header,
                                                     const TraceOpenOptions& opt);
Result<std::unique_ptr<WorkloadStream>> OpenJsonlTrace(LineReader reader,
                                                       std::string_view first_line,
                                                       const TraceOpenOptions& opt);

}  // namespace plan
