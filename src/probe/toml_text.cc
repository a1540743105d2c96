#include "probe/toml_text.h"

#include <fmt/format.h>

namespace plan {

std::string TomlQuote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04X}", c);
        else
          out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

std::string TomlNumber(double v, int significant) { return fmt::format("{:.{}g}", v, significant); }

std::string DateOf(const std::string& iso8601) { return iso8601.substr(0, iso8601.find('T')); }

}  // namespace plan
