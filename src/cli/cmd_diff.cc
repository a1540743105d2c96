// plan diff BASE.json NEW.json: the CI gate. Compares two reports and exits 3 when a
// --fail-on threshold is crossed; --warn-on thresholds are printed but pass.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/validators.h"
#include "report/diff.h"
#include "util/files.h"

namespace plan {

struct DiffOptions {
  std::string base_path;
  std::string new_path;
  std::vector<std::string> fail_on;
  std::vector<std::string> warn_on;
  std::string format = "table";
};

namespace {

// Every expression parsed; every bad one reported before failing.
void ParseAll(const std::vector<std::string>& texts, const std::string& flag,
              std::vector<Threshold>* out, std::string* errors) {
  for (const std::string& text : texts) {
    Result<Threshold> t = ParseThreshold(text, flag);
    if (t.ok()) {
      out->push_back(std::move(t).value());
      continue;
    }
    if (!errors->empty()) *errors += '\n';
    *errors += t.status().message();
  }
}

Result<Report> ReadReport(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ReadReportJson(*text, path);
}

Status RunDiff(const DiffOptions& opt, Io& io) {
  // "text" was diff's own name for the plain format; every command now calls it table.
  const bool deprecated_text = opt.format == "text";
  if (deprecated_text)
    io.err << "plan diff: warning: -f text is deprecated; it is now called -f table\n";
  Result<DiffFormat> format = ParseDiffFormat(deprecated_text ? "table" : opt.format);
  if (!format.ok()) return format.status();
  std::vector<Threshold> fail_on, warn_on;
  std::string errors;
  ParseAll(opt.fail_on, "--fail-on", &fail_on, &errors);
  ParseAll(opt.warn_on, "--warn-on", &warn_on, &errors);
  if (!errors.empty()) return Status::Invalid(errors);

  Result<Report> base = ReadReport(opt.base_path);
  Result<Report> now = ReadReport(opt.new_path);
  if (!base.ok() || !now.ok()) {
    std::string both = base.ok() ? "" : base.status().message();
    if (!now.ok()) both += (both.empty() ? "" : "\n") + now.status().message();
    return Status::Invalid(both);
  }

  ReportDiff diff = DiffReports(*base, *now, std::move(fail_on), std::move(warn_on));
  diff.base_path = opt.base_path;
  diff.new_path = opt.new_path;
  io.out << RenderDiff(diff, *format);
  if (diff.failures() > 0)
    return Status::Threshold(fmt::format("plan diff: {} fail threshold{} crossed", diff.failures(),
                                         diff.failures() == 1 ? "" : "s"));
  return Status::Ok();
}

}  // namespace

CommandAction SetupDiff(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<DiffOptions>();
  sub->add_option("base", opt->base_path, "The base report (plan.report/v1 JSON)")
      ->required()
      ->type_name("BASE.json");
  sub->add_option("new", opt->new_path, "The new report to compare with it")
      ->required()
      ->type_name("NEW.json");
  sub->add_option("--fail-on", opt->fail_on,
                  "Exit 3 when a candidate crosses EXPR, e.g. 'usd_per_month > +5%', "
                  "'ttft_s.p99 > +10%', 'slo.attainment < -0.01', 'e2e_s.p99 > 2' (repeatable)")
      ->type_name("EXPR")
      ->allow_extra_args(false);
  sub->add_option(
         "--warn-on", opt->warn_on,
         "Print a warning when a candidate crosses EXPR; the exit code stays 0 (repeatable)")
      ->type_name("EXPR")
      ->allow_extra_args(false);
  sub->add_option("-f,--format", opt->format,
                  "Output: table, md (a pull-request comment; empty when nothing changed) or "
                  "github (Actions annotations); text is a deprecated name for table")
      ->default_val("table")
      ->check(Choices({"table", "md", "github"}));
  return [opt](Io& io) { return RunDiff(*opt, io); };
}

}  // namespace plan
