#include "workload/trace_writer.h"

#include <fmt/format.h>

#include "util/files.h"

namespace plan {

std::string ExactSeconds(TimeNs ns) {
  bool negative = ns < 0;
  uint64_t abs_ns = negative ? 0 - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
  uint64_t whole = abs_ns / kNsPerS, fraction = abs_ns % kNsPerS;
  std::string out = fmt::format("{}{}", negative ? "-" : "", whole);
  if (fraction != 0) {
    std::string digits = fmt::format("{:09d}", fraction);
    digits.erase(digits.find_last_not_of('0') + 1);
    out += '.';
    out += digits;
  }
  return out;
}

std::string TraceHeader(TraceOutput format) {
  return format == TraceOutput::kCsv ? "arrival_s,input_tokens,output_tokens\n" : "";
}

void AppendTraceRow(TraceOutput format, const Request& r, std::string* out) {
  if (format == TraceOutput::kCsv) {
    fmt::format_to(std::back_inserter(*out), "{},{},{}\n", ExactSeconds(r.arrival_ns),
                   r.input_tokens, r.output_tokens);
    return;
  }
  fmt::format_to(std::back_inserter(*out),
                 "{{\"arrival_s\": {}, \"input_tokens\": {}, \"output_tokens\": {}",
                 ExactSeconds(r.arrival_ns), r.input_tokens, r.output_tokens);
  if (r.session != 0) fmt::format_to(std::back_inserter(*out), ", \"session\": {}", r.session);
  if (r.region >= 0) fmt::format_to(std::back_inserter(*out), ", \"region\": {}", r.region);
  if (r.label >= 0) fmt::format_to(std::back_inserter(*out), ", \"label\": {}", r.label);
  if (!r.prefix_hashes.empty()) {
    out->append(", \"hash_ids\": [");
    for (size_t i = 0; i < r.prefix_hashes.size(); ++i)
      fmt::format_to(std::back_inserter(*out), "{}{}", i ? ", " : "", r.prefix_hashes[i]);
    out->append("]");
  }
  out->append("}\n");
}

Result<int64_t> WriteTrace(RequestSource& source, TraceOutput format, const std::string& path) {
  std::string text = TraceHeader(format);
  Request r;
  int64_t count = 0;
  int64_t hashes = 0, sessions = 0, regions = 0, labels = 0;  // what CSV has no column for
  while (source.Next(&r)) {
    AppendTraceRow(format, r, &text);
    ++count;
    hashes += r.prefix_hashes.empty() ? 0 : 1;
    sessions += r.session != 0 ? 1 : 0;
    regions += r.region >= 0 ? 1 : 0;
    labels += r.label >= 0 ? 1 : 0;
  }
  PLAN_RETURN_IF_ERROR(source.status());
  if (format == TraceOutput::kCsv) {
    std::string lost;
    for (auto [n, what] :
         {std::pair{hashes, "prefix hashes (hash_ids)"}, std::pair{sessions, "session ids"},
          std::pair{regions, "regions"}, std::pair{labels, "labels"}})
      if (n > 0) lost += fmt::format("{}{} requests carry {}", lost.empty() ? "" : ", ", n, what);
    if (!lost.empty())
      return Status::Invalid(
          fmt::format("{}: not written: {}, which CSV has no column for; write JSONL to keep them "
                      "(--to jsonl, or an output name ending in .jsonl)",
                      path, lost));
  }
  PLAN_RETURN_IF_ERROR(WriteFileAtomic(path, text));
  return count;
}

}  // namespace plan
