#include "report/report_file.h"

#include <fmt/format.h>

#include "report/json_in.h"

namespace plan {

Result<ReportFile> ReadReportFile(const std::string& text, const std::string& path) {
  Result<nlohmann::json> j = ParseJson(text, path);
  if (!j.ok()) return j.status();
  const nlohmann::json* schema =
      j->is_object() && j->contains("schema") ? &(*j)["schema"] : nullptr;
  const std::string name = schema && schema->is_string() ? schema->get<std::string>() : "";
  ReportFile out;
  if (name == kReportSchema && j->contains("search")) {
    Result<SearchReport> s = ReadSearchJson(text, path);
    if (!s.ok()) return s.status();
    out.search = std::move(s).value();
  } else if (name == kReportSchema) {
    Result<Report> r = ReadReportJson(text, path);
    if (!r.ok()) return r.status();
    out.report = std::move(r).value();
  } else if (name == kBreakevenSchema) {
    Result<BreakevenReport> b = ReadBreakevenJson(text, path);
    if (!b.ok()) return b.status();
    out.breakeven = std::move(b).value();
  } else if (name == "plan.search-part/v1") {
    return Status::Invalid(fmt::format(
        "{}: /schema: a part of a sharded search; join the parts with plan merge first", path));
  } else {
    return Status::Invalid(
        fmt::format("{}: /schema: '{}' is not a report plan can show (it reads {} and {})", path,
                    name, kReportSchema, kBreakevenSchema));
  }
  return out;
}

}  // namespace plan
