// JSONL traces: Mooncake (FAST'25) and generic JSONL with named keys, one flat object a line.
// Parsed with the hand-written FlatJson: a general JSON library per row is several times
// slower on 27-million-row traces (bench/trace_read_bench.cc measures both).
#include <fmt/format.h>

#include "util/suggest.h"
#include "workload/field_parse.h"
#include "workload/flat_json.h"
#include "workload/trace_source.h"

namespace plan {

namespace {

constexpr int64_t kMaxIndex = 32767;  // region and label are int16 indices
// Mooncake's hash_ids each stand for 512 prompt tokens (FAST25-release/README.md).
constexpr int32_t kMooncakeBlockTokens = 512;

struct JsonlLayout {
  std::string time, input, output, session, region, label, hashes;
  TimeUnit unit = TimeUnit::kSeconds;
  int32_t block_tokens = 0;
};

enum : unsigned { kSawTime = 1, kSawInput = 2, kSawOutput = 4 };

class JsonlTrace : public TraceSource {
 public:
  JsonlTrace(LineReader reader, const TraceOpenOptions& opt, std::string format, JsonlLayout layout)
      : TraceSource(std::move(reader), opt, std::move(format)), layout_(std::move(layout)) {}

 private:
  bool Tokens(FlatJson& j, std::string_view key, std::string_view line, int64_t* out) {
    int64_t col = j.col();
    std::string_view text;
    if (!j.Number(&text)) return Fail(j.col(), line, fmt::format("'{}': {}", key, j.error()));
    if (ParseTokenCount(text, out)) return true;
    return Fail(col, line,
                fmt::format("bad {} '{}': expected a whole number of tokens", key, text));
  }

  bool Index(FlatJson& j, std::string_view key, std::string_view line, int16_t* out) {
    if (j.Peek() == FlatJson::Kind::kLiteral) return j.Skip() || Fail(j.col(), line, j.error());
    int64_t col = j.col();
    std::string_view text;
    int64_t v;
    if (j.Number(&text) && ParseTokenCount(text, &v) && v <= kMaxIndex) {
      *out = static_cast<int16_t>(v);
      return true;
    }
    return Fail(col, line, fmt::format("bad {}: expected an integer from 0 to {}", key, kMaxIndex));
  }

  bool ParseRow(std::string_view line, TraceRow* row, Request* r) override {
    FlatJson j(line);
    if (!j.Begin()) return Fail(j.col(), line, j.error());
    unsigned saw = 0;
    std::string_view key;
    while (j.NextKey(&key)) {
      if (key == layout_.time) {
        int64_t col = j.col();
        std::string_view text;
        // A number, or a string holding one (or a date-time, the only way JSON can hold it).
        bool read = j.Peek() == FlatJson::Kind::kString ? j.String(&text) : j.Number(&text);
        if (!read) return Fail(j.col(), line, fmt::format("'{}': {}", key, j.error()));
        if (!ParseTimeNs(text, layout_.unit, &row->time_ns)) {
          return Fail(col, line,
                      fmt::format("bad {} '{}': expected {}", key, text,
                                  TimeUnitExpectation(layout_.unit)));
        }
        row->time_text = text;
        row->time_col = col;
        saw |= kSawTime;
      } else if (key == layout_.input) {
        if (!Tokens(j, key, line, &row->input_tokens)) return false;
        saw |= kSawInput;
      } else if (key == layout_.output) {
        if (!Tokens(j, key, line, &row->output_tokens)) return false;
        saw |= kSawOutput;
      } else if (!layout_.hashes.empty() && key == layout_.hashes) {
        if (j.Peek() == FlatJson::Kind::kLiteral) {
          if (!j.Skip()) return Fail(j.col(), line, j.error());
        } else if (!j.IntArray(&r->prefix_hashes)) {
          return Fail(j.col(), line, fmt::format("'{}': {}", key, j.error()));
        }
        r->prefix_block_tokens = r->prefix_hashes.empty() ? 0 : layout_.block_tokens;
      } else if (!layout_.session.empty() && key == layout_.session) {
        std::string_view text;
        bool ok = j.Peek() == FlatJson::Kind::kString    ? j.String(&text)
                  : j.Peek() == FlatJson::Kind::kLiteral ? j.Skip()
                                                         : j.Number(&text);
        if (!ok) return Fail(j.col(), line, fmt::format("'{}': {}", key, j.error()));
        r->session = SessionIdOf(text);
      } else if (!layout_.region.empty() && key == layout_.region) {
        if (!Index(j, key, line, &r->region)) return false;
      } else if (!layout_.label.empty() && key == layout_.label) {
        if (!Index(j, key, line, &r->label)) return false;
      } else if (!j.Skip()) {
        return Fail(j.col(), line, j.error());
      }
    }
    if (!j.error().empty()) return Fail(j.col(), line, j.error());
    unsigned need = kSawInput | kSawOutput | (opt_.lengths_only ? 0u : unsigned{kSawTime});
    if ((saw & need) != need) {
      const std::string& missing = !(saw & kSawInput)    ? layout_.input
                                   : !(saw & kSawOutput) ? layout_.output
                                                         : layout_.time;
      return Fail(1, line, fmt::format("missing key '{}'", missing));
    }
    return true;
  }

  JsonlLayout layout_;
};

}  // namespace

Result<std::unique_ptr<WorkloadStream>> OpenJsonlTrace(LineReader reader,
                                                       std::string_view first_line,
                                                       const TraceOpenOptions& opt) {
  auto first_error = [&](int64_t col, std::string_view message) -> Status {
    return Status::Invalid(
        TraceError(reader.path(), reader.line_number(), col, first_line, message));
  };
  // The first object's keys decide the format and check the configured names.
  std::vector<std::string> keys;
  FlatJson j(first_line);
  if (!j.Begin()) return first_error(j.col(), j.error());
  std::string_view key;
  while (j.NextKey(&key)) {
    keys.emplace_back(key);
    if (!j.Skip()) break;
  }
  if (!j.error().empty()) return first_error(j.col(), j.error());
  auto has = [&](std::string_view k) {
    for (const std::string& x : keys)
      if (x == k) return true;
    return false;
  };

  std::string format = opt.has_columns ? "jsonl" : opt.format;
  bool guessed_generic = false;
  if (format.empty()) {
    guessed_generic = !(has("timestamp") && has("input_length") && has("output_length"));
    format = guessed_generic ? "jsonl" : "mooncake";
  }
  JsonlLayout layout;
  if (format == "mooncake") {
    layout.time = "timestamp", layout.input = "input_length", layout.output = "output_length";
    layout.hashes = "hash_ids";
    layout.unit = TimeUnit::kMillis;
    layout.block_tokens = kMooncakeBlockTokens;
  } else if (format == "jsonl") {
    const TraceColumns& c = opt.columns;
    layout.time = c.time, layout.input = c.input, layout.output = c.output;
    // Optional keys are named in `columns`, or else read under the names the writer uses.
    layout.session = c.session.empty() ? "session" : c.session;
    layout.region = c.region.empty() ? "region" : c.region;
    layout.label = c.label.empty() ? "label" : c.label;
    layout.hashes = c.prefix_hashes.empty() ? "hash_ids" : c.prefix_hashes;
    layout.block_tokens = c.prefix_block_tokens;
    if (!ParseTimeUnit(c.time_unit, &layout.unit))
      return first_error(1, fmt::format("unknown time unit '{}'", c.time_unit));
  } else {
    return first_error(1,
                       fmt::format("format '{}' expects a CSV header, not a JSON object", format));
  }

  std::string problems;
  auto check = [&](const std::string& name, const char* role, bool required) {
    if (!required || name.empty() || has(name)) return;
    if (!problems.empty()) problems += "; ";
    problems += UnknownNameMessage(fmt::format("{} key", role), name, keys);
  };
  check(layout.time, "time", !opt.lengths_only);
  check(layout.input, "input", true);
  check(layout.output, "output", true);
  if (!problems.empty()) {
    if (guessed_generic) {
      problems =
          "cannot detect the trace format from its first row (name it with format = ... "
          "and columns = {...}); as generic JSONL: " +
          problems;
    }
    return first_error(1, problems);
  }
  reader.PushBack();  // the first line is data
  return std::unique_ptr<WorkloadStream>(
      new JsonlTrace(std::move(reader), opt, std::move(format), std::move(layout)));
}

}  // namespace plan
