// A small reader for the evidence CSVs (catalog/evidence/*.csv): RFC 4180 quoting (a field in
// double quotes may hold commas, and "" is one quote), a header row naming the columns, and
// errors as path:line:col.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/source_loc.h"
#include "util/status.h"

namespace plan {

class CsvTable {
 public:
  struct Row {
    int line = 0;                     // 1-based line of the row in the file
    std::vector<std::string> fields;  // as many as the header
    std::vector<int> columns;         // 1-based column where each field starts
  };

  // Parses `text` read from `path`. Fails (Status::Invalid, path:line:col) on an unterminated
  // quote, a character after a closing quote, or a row whose field count differs from the
  // header's.
  static Result<CsvTable> Parse(const std::string& text, const std::string& path);
  // Reads and parses the file at `path` (Status::Runtime when it cannot be read).
  static Result<CsvTable> Read(const std::string& path);

  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<Row>& rows() const { return rows_; }

  // Index of `column`, or -1.
  int ColumnIndex(const std::string& column) const;
  // Fails naming the file and the nearest existing column when one of `columns` is missing.
  Status RequireColumns(const std::vector<std::string>& columns) const;

  // The field of `row` under `column` ("" when the column is absent).
  const std::string& Get(const Row& row, const std::string& column) const;
  // The field as a number: nullopt when empty; an error at path:line:col when not a number.
  Result<std::optional<double>> Number(const Row& row, const std::string& column) const;
  // Where a field starts, for messages.
  SourceLoc Loc(const Row& row, const std::string& column) const;

 private:
  std::string path_;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

}  // namespace plan
