// A plain-text table with aligned columns, for terminal output.
#pragma once

#include <string>
#include <vector>

namespace plan {

class TextTable {
 public:
  enum class Align { kLeft, kRight };

  explicit TextTable(std::vector<std::string> header, std::vector<Align> align = {});
  void AddRow(std::vector<std::string> row);
  // Columns separated by two spaces, a dashed rule under the header, no trailing spaces.
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace plan
