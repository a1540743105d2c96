// Writing a request stream as a generic trace: CSV `arrival_s,input_tokens,output_tokens`,
// or JSONL objects with those keys plus session, region, label and hash_ids when set. The
// generic readers read both back exactly (times are written to the nanosecond).
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"
#include "util/units.h"
#include "workload/request.h"

namespace plan {

enum class TraceOutput { kCsv, kJsonl };

// Seconds with up to 9 decimals and no trailing zeros: 4314579000 ns -> "4.314579".
std::string ExactSeconds(TimeNs ns);

// The CSV header line (with its newline), or "" for JSONL.
std::string TraceHeader(TraceOutput format);
// Appends one request as a line.
void AppendTraceRow(TraceOutput format, const Request& r, std::string* out);

// Reads `source` to its end and writes it to `path` atomically; returns the request count.
// CSV keeps only arrival and lengths: a stream whose requests carry prefix hashes, sessions,
// regions or labels is refused for CSV (Status::Invalid, saying how many and to use JSONL)
// rather than written without them.
// The file is built in memory first (about 25 bytes a request for CSV).
Result<int64_t> WriteTrace(RequestSource& source, TraceOutput format, const std::string& path);

}  // namespace plan
