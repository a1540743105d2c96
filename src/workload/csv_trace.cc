// CSV traces: Azure LLM inference (2023, 2024 week files, 2025 multimodal), Vidur processed,
// BurstGPT, and generic CSV with named columns. Columns are found by header name, so their
// order does not matter.
#include <fmt/format.h>

#include "util/suggest.h"
#include "workload/field_parse.h"
#include "workload/trace_source.h"

namespace plan {

namespace {

// Region and label are int16 indices; -1 means none.
constexpr int64_t kMaxIndex = 32767;

struct CsvColumn {
  int index = -1;  // -1 = absent
  std::string name;
};

struct CsvLayout {
  CsvColumn time, input, output, session, region, label;
  TimeUnit unit = TimeUnit::kSeconds;
  size_t fields = 0;
  bool skip_zero_output = false;  // BurstGPT logs failed requests with 0 response tokens
};

class CsvTrace : public TraceSource {
 public:
  CsvTrace(LineReader reader, const TraceOpenOptions& opt, std::string format, CsvLayout layout)
      : TraceSource(std::move(reader), opt, std::move(format)), layout_(std::move(layout)) {}

 private:
  bool Tokens(const CsvColumn& c, std::string_view line, int64_t* out) {
    const CsvField& f = fields_[c.index];
    if (ParseTokenCount(f.text, out)) return true;
    return Fail(f.col, line,
                fmt::format("bad {} '{}': expected a whole number of tokens", c.name, f.text));
  }

  bool Index(const CsvColumn& c, std::string_view line, int16_t* out) {
    if (c.index < 0) return true;
    const CsvField& f = fields_[c.index];
    if (f.text.empty()) return true;
    int64_t v;
    if (ParseTokenCount(f.text, &v) && v <= kMaxIndex) {
      *out = static_cast<int16_t>(v);
      return true;
    }
    return Fail(
        f.col, line,
        fmt::format("bad {} '{}': expected an integer from 0 to {}", c.name, f.text, kMaxIndex));
  }

  bool ParseRow(std::string_view line, TraceRow* row, Request* r) override {
    if (!SplitCsv(line, &fields_)) return Fail(1, line, "a quoted field is not closed");
    if (fields_.size() != layout_.fields) {
      return Fail(1, line,
                  fmt::format("expected {} fields as in the header, found {}", layout_.fields,
                              fields_.size()));
    }
    if (layout_.time.index >= 0) {
      const CsvField& f = fields_[layout_.time.index];
      if (!ParseTimeNs(f.text, layout_.unit, &row->time_ns)) {
        return Fail(f.col, line,
                    fmt::format("bad {} '{}': expected {}", layout_.time.name, f.text,
                                TimeUnitExpectation(layout_.unit)));
      }
      row->time_text = f.text;
      row->time_col = f.col;
    }
    if (!Tokens(layout_.input, line, &row->input_tokens) ||
        !Tokens(layout_.output, line, &row->output_tokens))
      return false;
    row->failed = layout_.skip_zero_output && row->output_tokens == 0;
    if (layout_.session.index >= 0) r->session = SessionIdOf(fields_[layout_.session.index].text);
    return Index(layout_.region, line, &r->region) && Index(layout_.label, line, &r->label);
  }

  CsvLayout layout_;
  std::vector<CsvField> fields_;  // reused for every row
};

bool Has(const std::vector<std::string>& names, std::string_view name) {
  for (const std::string& n : names)
    if (n == name) return true;
  return false;
}

}  // namespace

Result<std::unique_ptr<WorkloadStream>> OpenCsvTrace(LineReader reader, std::string_view header,
                                                     const TraceOpenOptions& opt) {
  std::vector<CsvField> fields;
  auto header_error = [&](std::string_view message) -> Status {
    return Status::Invalid(TraceError(reader.path(), reader.line_number(), 1, header, message));
  };
  if (!SplitCsv(header, &fields)) return header_error("a quoted field is not closed");
  std::vector<std::string> names;
  for (const CsvField& f : fields) names.emplace_back(f.text);

  std::string format = opt.has_columns ? "csv" : opt.format;
  bool guessed_generic = false;
  if (format.empty()) {
    if (Has(names, "TIMESTAMP") && Has(names, "ContextTokens") && Has(names, "GeneratedTokens")) {
      format = "azure";
    } else if (Has(names, "num_prefill_tokens") && Has(names, "num_decode_tokens")) {
      format = "vidur";
    } else if (Has(names, "Request tokens") && Has(names, "Response tokens")) {
      format = "burstgpt";
    } else {
      format = "csv";
      guessed_generic = true;
    }
  }

  CsvLayout layout;
  layout.fields = fields.size();
  std::string time, input, output, session, region, label;
  if (format == "azure") {
    time = "TIMESTAMP", input = "ContextTokens", output = "GeneratedTokens";
    layout.unit = TimeUnit::kDateTime;
  } else if (format == "vidur") {
    time = "arrived_at", input = "num_prefill_tokens", output = "num_decode_tokens";
  } else if (format == "burstgpt") {
    time = "Timestamp", input = "Request tokens", output = "Response tokens";
    if (Has(names, "Session ID")) session = "Session ID";
    layout.skip_zero_output = true;
  } else if (format == "csv") {
    const TraceColumns& c = opt.columns;
    time = c.time, input = c.input, output = c.output;
    // Optional columns are named in `columns`, or found under the names the writer uses.
    auto optional = [&](const std::string& named, const char* plain) {
      return named.empty() && Has(names, plain) ? std::string(plain) : named;
    };
    session = optional(c.session, "session");
    region = optional(c.region, "region");
    label = optional(c.label, "label");
    if (!ParseTimeUnit(c.time_unit, &layout.unit))
      return header_error(fmt::format("unknown time unit '{}'", c.time_unit));
    if (!c.prefix_hashes.empty())
      return header_error("prefix hashes need a JSONL trace; a CSV row cannot hold the array");
  } else {
    return header_error(
        fmt::format("format '{}' expects one JSON object per line, not a CSV header", format));
  }

  std::string problems;
  auto find = [&](const std::string& name, const char* role, bool required, CsvColumn* col) {
    col->name = name;
    if (name.empty()) return;
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) col->index = static_cast<int>(i);
    if (col->index >= 0 || !required) return;
    if (!problems.empty()) problems += "; ";
    problems += UnknownNameMessage(fmt::format("{} column", role), name, names);
  };
  find(time, "time", !opt.lengths_only, &layout.time);
  find(input, "input", true, &layout.input);
  find(output, "output", true, &layout.output);
  find(session, "session", true, &layout.session);
  find(region, "region", true, &layout.region);
  find(label, "label", true, &layout.label);
  if (!problems.empty()) {
    if (guessed_generic) {
      problems =
          "cannot detect the trace format from its header (name it with format = ... and "
          "columns = {...}); as a generic CSV: " +
          problems;
    }
    return header_error(problems);
  }
  return std::unique_ptr<WorkloadStream>(
      new CsvTrace(std::move(reader), opt, std::move(format), std::move(layout)));
}

}  // namespace plan
