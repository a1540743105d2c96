#include "fidelity/csv_table.h"

#include <fmt/format.h>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "util/suggest.h"

namespace plan {

namespace {

// One CSV record starting at text[*pos] (line *line); advances both past its line break.
Status ParseRecord(const std::string& text, const std::string& path, size_t* pos, int* line,
                   CsvTable::Row* row) {
  row->line = *line;
  size_t line_start = *pos;
  std::string field;
  int column = 1;
  bool quoted = false, after_quote = false;
  row->columns.push_back(1);
  while (*pos < text.size()) {
    const char c = text[*pos];
    if (quoted) {
      if (c == '"') {
        if (*pos + 1 < text.size() && text[*pos + 1] == '"') {
          field += '"';
          ++*pos;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++*line, line_start = *pos + 1;
        field += c;
      }
      ++*pos;
      continue;
    }
    if (c == ',') {
      row->fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
      ++*pos;
      row->columns.push_back(static_cast<int>(*pos - line_start) + 1);
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (c == '\r' && *pos + 1 < text.size() && text[*pos + 1] == '\n') ++*pos;
      ++*pos;
      ++*line;
      row->fields.push_back(std::move(field));
      return Status::Ok();
    }
    column = static_cast<int>(*pos - line_start) + 1;
    if (after_quote)
      return Status::Invalid(
          fmt::format("{}:{}:{}: '{}' after a closing quote", path, *line, column, c));
    if (c == '"' && field.empty()) {
      quoted = true;
    } else {
      field += c;
    }
    ++*pos;
  }
  if (quoted)
    return Status::Invalid(
        fmt::format("{}:{}:{}: unterminated quoted field", path, row->line, row->columns.back()));
  row->fields.push_back(std::move(field));
  return Status::Ok();
}

}  // namespace

Result<CsvTable> CsvTable::Parse(const std::string& text, const std::string& path) {
  CsvTable t;
  t.path_ = path;
  size_t pos = 0;
  int line = 1;
  if (text.empty()) return Status::Invalid(fmt::format("{}:1:1: empty file, no header", path));
  Row header;
  PLAN_RETURN_IF_ERROR(ParseRecord(text, path, &pos, &line, &header));
  t.header_ = std::move(header.fields);
  while (pos < text.size()) {
    Row row;
    PLAN_RETURN_IF_ERROR(ParseRecord(text, path, &pos, &line, &row));
    if (row.fields.size() == 1 && row.fields[0].empty()) continue;  // blank line
    if (row.fields.size() != t.header_.size())
      return Status::Invalid(fmt::format("{}:{}:1: {} fields, the header has {}", path, row.line,
                                         row.fields.size(), t.header_.size()));
    t.rows_.push_back(std::move(row));
  }
  return t;
}

Result<CsvTable> CsvTable::Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Runtime(fmt::format("{}: cannot open the file", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return Parse(buffer.str(), path);
}

int CsvTable::ColumnIndex(const std::string& column) const {
  for (size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == column) return static_cast<int>(i);
  return -1;
}

Status CsvTable::RequireColumns(const std::vector<std::string>& columns) const {
  for (const std::string& c : columns)
    if (ColumnIndex(c) < 0)
      return Status::Invalid(
          fmt::format("{}:1:1: {}", path_, UnknownNameMessage("column", c, header_)));
  return Status::Ok();
}

const std::string& CsvTable::Get(const Row& row, const std::string& column) const {
  static const std::string kEmpty;
  const int i = ColumnIndex(column);
  return i < 0 ? kEmpty : row.fields[static_cast<size_t>(i)];
}

SourceLoc CsvTable::Loc(const Row& row, const std::string& column) const {
  const int i = ColumnIndex(column);
  return {path_, row.line, i < 0 ? 1 : row.columns[static_cast<size_t>(i)]};
}

Result<std::optional<double>> CsvTable::Number(const Row& row, const std::string& column) const {
  const std::string& s = Get(row, column);
  if (s.empty()) return std::optional<double>();
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE)
    return Status::Invalid(fmt::format("{}: column '{}' is not a number: '{}'",
                                       Loc(row, column).ToString(), column, s));
  return std::optional<double>(v);
}

}  // namespace plan
