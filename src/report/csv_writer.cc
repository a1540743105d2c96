// CSV for spreadsheets: one header row, one row per candidate. The columns are the JSON
// candidate's scalar fields flattened to dotted names (latency.ttft_s.p99), in the same
// order, so the two formats cannot drift apart; list fields (assumptions, notes) are left out,
// but for `excluded` (why `require` rules a candidate out), one cell joined by "; ".
// Quoting and line ends follow RFC 4180.
#include "report/writers.h"

#include <cassert>

namespace plan {

using nlohmann::ordered_json;

namespace {
std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void Flatten(const ordered_json& j, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>* out) {
  for (const auto& [key, value] : j.items()) {
    const std::string name = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object())
      Flatten(value, name, out);
    else if (value.is_string())
      out->emplace_back(name, value.get<std::string>());
    else if (value.is_null())
      out->emplace_back(name, "");
    else if (!value.is_array())
      out->emplace_back(name, value.dump());
  }
}

}  // namespace

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + CsvField(fields[i]);
  return line + "\r\n";
}

std::string RenderCsv(const Report& report) {
  // Every column a row can have (optional objects such as fidelity.bounds present); a row
  // without one leaves its cell empty.
  CandidateRow full;
  full.fidelity.bounded = true;
  full.load = {.offered_requests_per_s = 1, .capacity_requests_per_s = 1, .capacity_limit = "-"};
  full.headroom.computed = true;
  full.interruptions.modelled = true;
  full.lora.modelled = true;
  std::vector<std::pair<std::string, std::string>> cells;
  Flatten(CandidateToJson(full), "", &cells);
  std::vector<std::string> header;
  for (const auto& cell : cells) header.push_back(cell.first);
  header.push_back("excluded");
  header.push_back("recommended");
  std::string out = CsvLine(header);

  for (const CandidateRow& row : report.candidates) {
    cells.clear();
    Flatten(CandidateToJson(row), "", &cells);
    std::vector<std::string> fields;
    size_t at = 0;  // the row's cells come in header order, some left out
    for (size_t i = 0; i + 2 < header.size(); ++i) {
      if (at < cells.size() && cells[at].first == header[i]) {
        fields.push_back(std::move(cells[at++].second));
      } else {
        fields.emplace_back();
      }
    }
    // Every cell of the row found its column (else the rest would be shifted into blanks).
    assert(at == cells.size());
    std::string excluded;
    for (const std::string& why : row.excluded) excluded += (excluded.empty() ? "" : "; ") + why;
    fields.push_back(std::move(excluded));
    fields.push_back(row.name == report.recommendation ? "true" : "false");
    out += CsvLine(fields);
  }
  return out;
}

}  // namespace plan
