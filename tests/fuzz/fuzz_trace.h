// Shared by the trace harnesses: read a fuzzed trace, then check `plan trace convert`'s
// promise on what was read: written as JSONL and read back, every request is identical.
#pragma once

#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "workload/trace_source.h"
#include "workload/trace_writer.h"

namespace plan::fuzz {

constexpr size_t kMaxTraceRows = 4096;  // bounds the time per input

inline std::vector<Request> ReadTrace(const TraceOpenOptions& opt, std::string bytes) {
  std::vector<Request> out;
  Result<std::unique_ptr<WorkloadStream>> s = OpenTrace(opt, StringBytes(std::move(bytes)));
  if (!s.ok()) {
    CheckError(s.status());
    return out;
  }
  Request r;
  while (out.size() < kMaxTraceRows && (*s)->Next(&r)) out.push_back(r);
  CheckError((*s)->status());
  return out;
}

// Arrivals are compared from the first request's: a trace's times are relative to its first
// data row, which may be a skipped failed request (BurstGPT), so a converted trace starts
// later by that much and reads back rebased to 0.
inline bool Same(const Request& a, TimeNs a0, const Request& b, TimeNs b0) {
  return a.id == b.id && a.arrival_ns - a0 == b.arrival_ns - b0 &&
         a.input_tokens == b.input_tokens && a.output_tokens == b.output_tokens &&
         a.session == b.session && a.region == b.region && a.label == b.label &&
         a.prefix_hashes == b.prefix_hashes;
}

inline void FuzzTrace(const TraceOpenOptions& opt, std::string bytes) {
  const std::vector<Request> first = ReadTrace(opt, std::move(bytes));
  if (first.empty()) return;
  std::string jsonl;
  for (const Request& r : first) AppendTraceRow(TraceOutput::kJsonl, r, &jsonl);
  TraceOpenOptions back;
  back.path = "converted.jsonl";
  back.format = "jsonl";
  const std::vector<Request> again = ReadTrace(back, jsonl);
  if (again.size() != first.size()) std::abort();
  for (size_t i = 0; i < first.size(); ++i)
    if (!Same(first[i], first[0].arrival_ns, again[i], again[0].arrival_ns)) std::abort();
}

}  // namespace plan::fuzz
