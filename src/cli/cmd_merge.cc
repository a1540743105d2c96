// plan merge PARTS...: joins the part files of a sharded search into the report the unsharded
// search gives, byte for byte.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "decide/search_result.h"
#include "util/files.h"

namespace plan {

struct MergeOptions {
  std::vector<std::string> part_paths;
  std::string format;  // "" = from -o's extension, else table
  std::string output_path;
};

namespace {

Status RunMerge(const MergeOptions& opt, Io& io) {
  Result<std::string> format_name = ChooseFormat(opt.format, opt.output_path);
  if (!format_name.ok()) return format_name.status();
  Result<ReportFormat> format = ParseReportFormat(*format_name);
  if (!format.ok()) return format.status();
  std::vector<std::pair<std::string, SearchPart>> parts;
  std::string errors;
  for (const std::string& path : opt.part_paths) {
    Result<std::string> text = ReadFile(path);
    Result<SearchPart> part = text.ok() ? ReadPart(*text, path) : Result<SearchPart>(text.status());
    if (part.ok())
      parts.emplace_back(path, std::move(part).value());
    else
      errors += (errors.empty() ? "" : "\n") + part.status().message();
  }
  if (!errors.empty()) return Status::Invalid(errors);
  Result<SearchReport> report = MergeParts(parts);
  if (!report.ok()) return report.status();
  const std::string out = RenderSearch(*report, *format);
  return WriteOutput(opt.output_path, out, io);
}

}  // namespace

CommandAction SetupMerge(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<MergeOptions>();
  sub->add_option("parts", opt->part_paths, "Part files written by plan search --shard K/N -o PART")
      ->required()
      ->type_name("PART");
  sub->add_option("-f,--format", opt->format,
                  std::string("Report format: table, json, csv, md or html ") + kFormatDefaultHelp)
      ->check(Choices({"table", "json", "csv", "md", "html"}));
  sub->add_option("-o,--output", opt->output_path, "Write the report to FILE, atomically")
      ->type_name("FILE");
  return [opt](Io& io) { return RunMerge(*opt, io); };
}

}  // namespace plan
