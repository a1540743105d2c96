#include "report/json_in.h"

namespace plan {

namespace {

// 1-based line and column of byte `offset` in `text`.
std::string LineCol(const std::string& text, size_t offset) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return fmt::format("{}:{}", line, col);
}

}  // namespace

Result<nlohmann::json> ParseJsonText(const std::string& text, const std::string& path) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based: the character at which parsing failed.
    const size_t at = e.byte > 0 ? e.byte - 1 : 0;
    // what() repeats the position after its own prefix; keep only the description.
    std::string what = e.what();
    const size_t colon = what.find(": ", what.find("parse error"));
    if (colon != std::string::npos) what = what.substr(colon + 2);
    return Status::Invalid(fmt::format("{}:{}: not valid JSON: {}", path, LineCol(text, at), what));
  }
}

}  // namespace plan
