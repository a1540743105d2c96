// Opening a workload: format detection for traces, and the dispatch between traces and
// generators.
#include <fmt/format.h>
#include <algorithm>
#include <cassert>

#include "util/input_limits.h"
#include "workload/generator_source.h"
#include "workload/gzip_bytes.h"
#include "workload/session_source.h"
#include "workload/trace_source.h"

namespace plan {

namespace {

bool IsJsonFamily(const std::string& format) { return format == "mooncake" || format == "jsonl"; }

}  // namespace

const std::vector<std::string>& TraceFormatNames() {
  static const std::vector<std::string> names = {"azure",    "vidur", "mooncake",
                                                 "burstgpt", "csv",   "jsonl"};
  return names;
}

bool ClipToContext(int64_t max_total_tokens, int32_t* input_tokens, int32_t* output_tokens,
                   ContextClip clip) {
  assert(*input_tokens >= 1 && *output_tokens >= 0);
  assert(max_total_tokens == 0 || max_total_tokens >= 2);
  if (max_total_tokens <= 0 ||
      static_cast<int64_t>(*input_tokens) + *output_tokens <= max_total_tokens)
    return false;
  if (clip == ContextClip::kOutputOnly && *input_tokens >= max_total_tokens) return false;
  if (*output_tokens == 0) {
    if (clip == ContextClip::kOutputOnly) return false;
    *input_tokens = static_cast<int32_t>(max_total_tokens);
    return true;
  }
  int64_t room_for_output = max_total_tokens - *input_tokens;
  *output_tokens = static_cast<int32_t>(std::max<int64_t>(1, room_for_output));
  if (static_cast<int64_t>(*input_tokens) + *output_tokens > max_total_tokens)
    *input_tokens = static_cast<int32_t>(max_total_tokens - *output_tokens);
  return true;
}

const WorkloadStats* WorkloadStatsOf(const RequestSource& source) {
  const auto* stream = dynamic_cast<const WorkloadStream*>(&source);
  return stream ? &stream->stats() : nullptr;
}

Result<std::unique_ptr<WorkloadStream>> OpenTrace(const TraceOpenOptions& opt,
                                                  std::unique_ptr<ByteSource> bytes) {
  if (!(opt.rate_scale > 0 && opt.rate_scale <= limits::kMaxRateScale))
    return Status::Invalid(fmt::format("{}: rate_scale must be > 0 and <= {:g}, not {}", opt.path,
                                       limits::kMaxRateScale, opt.rate_scale));
  if (!bytes) {
    Result<std::unique_ptr<ByteSource>> file = OpenFileBytes(opt.path, opt.where);
    if (!file.ok()) return file.status();
    bytes = std::move(*file);
  }
  Result<std::unique_ptr<ByteSource>> plain = MaybeGunzip(std::move(bytes));
  if (!plain.ok())
    return Status::Runtime(fmt::format("{}: {}", opt.path, plain.status().message()));
  LineReader reader(std::move(*plain), opt.path);
  std::string_view first;
  bool found = false;
  while (reader.Next(&first)) {
    if (!IsBlankLine(first)) {
      found = true;
      break;
    }
  }
  if (!reader.status().ok()) return reader.status();
  if (!found) return Status::Invalid(fmt::format("{}: the trace is empty", opt.path));
  size_t lead = first.find_first_not_of(" \t");
  bool json = first[lead] == '{';
  if (!opt.format.empty() && IsJsonFamily(opt.format) != json) {
    std::string message =
        json ? fmt::format("format '{}' expects a CSV header, not a JSON object", opt.format)
             : fmt::format("format '{}' expects one JSON object per line", opt.format);
    return Status::Invalid(TraceError(opt.path, reader.line_number(), 1, first, message));
  }
  return json ? OpenJsonlTrace(std::move(reader), first, opt)
              : OpenCsvTrace(std::move(reader), first, opt);
}

Result<std::unique_ptr<RequestSource>> OpenWorkload(const WorkloadSpec& spec, uint64_t seed,
                                                    int64_t max_total_tokens, ContextClip clip,
                                                    std::unique_ptr<ByteSource> trace_bytes) {
  if (max_total_tokens == 1 || max_total_tokens < 0) {
    return Status::Invalid(fmt::format(
        "max_total_tokens must be 0 (no limit) or at least 2, not {}", max_total_tokens));
  }
  Result<std::unique_ptr<WorkloadStream>> stream = Status::Invalid("unreachable");
  if (spec.generated() && spec.sessions.enabled) {
    stream = OpenSessions(spec.generator, spec.sessions, seed, spec.max_requests, max_total_tokens,
                          clip);
  } else if (spec.generated()) {
    stream = OpenGenerator(spec.generator, seed, spec.max_requests, max_total_tokens, clip);
  } else {
    TraceOpenOptions opt;
    opt.path = spec.trace_path;
    opt.where = spec.trace_loc.path.empty() ? "" : spec.trace_loc.ToString();
    opt.format = spec.format;
    opt.columns = spec.columns;
    opt.has_columns = spec.has_columns;
    opt.rate_scale = spec.rate_scale;
    opt.max_requests = spec.max_requests;
    opt.max_total_tokens = max_total_tokens;
    opt.clip = clip;
    stream = OpenTrace(opt, std::move(trace_bytes));
  }
  if (!stream.ok()) return stream.status();
  return std::unique_ptr<RequestSource>(std::move(*stream));
}

}  // namespace plan
