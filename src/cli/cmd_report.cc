// plan report FILE...: renders reports plan wrote as JSON again, in any format; with
// --format html, one page holding a run or a search and a break-even sweep together.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <ostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "report/html.h"
#include "report/labelled_runs.h"
#include "report/report_file.h"
#include "report/writers.h"
#include "util/files.h"

namespace plan {

struct ReportOptions {
  std::vector<std::string> paths;
  std::string format;  // "" = from -o's extension, else table
  std::string output_path;
};

namespace {

BreakevenFormat ToBreakevenFormat(ReportFormat f) {
  switch (f) {
    case ReportFormat::kTable:
      return BreakevenFormat::kTable;
    case ReportFormat::kJson:
      return BreakevenFormat::kJson;
    case ReportFormat::kCsv:
      return BreakevenFormat::kCsv;
    case ReportFormat::kMd:
      return BreakevenFormat::kMd;
    case ReportFormat::kHtml:
      return BreakevenFormat::kHtml;
  }
  return BreakevenFormat::kTable;
}

Status RunReport(const ReportOptions& opt, Io& io) {
  Result<std::string> format_name = ChooseFormat(opt.format, opt.output_path);
  if (!format_name.ok()) return format_name.status();
  Result<ReportFormat> format = ParseReportFormat(*format_name);
  if (!format.ok()) return format.status();
  std::vector<std::pair<std::string, ReportFile>> files;
  std::string errors;
  for (const std::string& path : opt.paths) {
    Result<std::string> text = ReadFile(path);
    Result<ReportFile> f =
        text.ok() ? ReadReportFile(*text, path) : Result<ReportFile>(text.status());
    if (f.ok())
      files.emplace_back(path, std::move(f).value());
    else
      errors += (errors.empty() ? "" : "\n") + f.status().message();
  }
  if (!errors.empty()) return Status::Invalid(errors);

  std::vector<std::string> paths;
  for (const auto& [path, f] : files) paths.push_back(path);
  const std::vector<std::string> labels = RunLabels(paths);
  // Two or more runs (plan simulate) are shown together, each candidate labelled by its file.
  std::vector<std::pair<std::string, const Report*>> runs;
  for (size_t i = 0; i < files.size(); ++i)
    if (files[i].second.report) runs.emplace_back(labels[i], &*files[i].second.report);
  std::optional<Report> together;
  if (runs.size() > 1) {
    Result<Report> joined = LabelRuns(runs);
    if (!joined.ok()) return joined.status();
    together = std::move(joined).value();
  }

  std::string out;
  if (*format == ReportFormat::kJson && files.size() > 1) {
    return Status::Invalid(fmt::format(
        "-f json writes one document, and {} files were given: give one, or show them together "
        "with -f table, md, csv or html",
        files.size()));
  } else if (*format == ReportFormat::kHtml) {
    HtmlInputs in;
    std::string search_path, sweep_path;
    for (const auto& [path, f] : files) {
      if (f.report) continue;  // runs: one of them, or all together
      std::string& seen = f.breakeven ? sweep_path : search_path;
      if (!seen.empty() || (f.search && !runs.empty()))
        return Status::Invalid(fmt::format(
            "{}: one page shows runs or one search, and one break-even sweep; {} is already one",
            path, seen.empty() ? runs.front().first : seen));
      seen = path;
      if (f.search) in.search = &*f.search;
      if (f.breakeven) in.breakeven = &*f.breakeven;
    }
    if (together)
      in.report = &*together;
    else if (!runs.empty())
      in.report = runs.front().second;
    out = RenderHtml(in);
  } else if (*format == ReportFormat::kCsv && files.size() > 1) {
    if (!together || runs.size() != files.size())
      return Status::Invalid(
          "-f csv shows runs together (plan simulate reports) and nothing else; render a search "
          "or a break-even sweep on its own");
    out = RenderReport(*together, *format);
  } else {
    for (size_t i = 0; i < files.size(); ++i) {
      const ReportFile& f = files[i].second;
      if (!out.empty()) out += "\n";
      // Several files: each under a heading that names it.
      if (files.size() > 1)
        out += *format == ReportFormat::kMd ? fmt::format("### {}\n\n", EscapeMarkdown(labels[i]))
                                            : fmt::format("== {} ==\n", labels[i]);
      if (f.report) out += RenderReport(*f.report, *format);
      if (f.search) out += RenderSearch(*f.search, *format);
      if (f.breakeven) out += RenderBreakeven(*f.breakeven, ToBreakevenFormat(*format));
    }
  }
  return WriteOutput(opt.output_path, out, io);
}

}  // namespace

CommandAction SetupReport(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<ReportOptions>();
  sub->add_option("files", opt->paths,
                  "JSON written by plan simulate, search, merge or breakeven (-f json)")
      ->required()
      ->type_name("FILE");
  sub->add_option(
         "-f,--format", opt->format,
         std::string("table, json, csv, md or html (one self-contained page with charts) ") +
             kFormatDefaultHelp)
      ->check(Choices({"table", "json", "csv", "md", "html"}));
  sub->add_option("-o,--output", opt->output_path, "Write to FILE, atomically")->type_name("FILE");
  return [opt](Io& io) { return RunReport(*opt, io); };
}

}  // namespace plan
