#include "util/toml_guard.h"

#include <fmt/format.h>

#include <string>

namespace plan {

namespace {

bool IsKeyStart(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '"' || c == '\'';
}

// A character of a bare key, a number, a boolean or a date-time.
bool IsBareChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '+' || c == ':';
}

bool IsNonAscii(char c) { return (static_cast<unsigned char>(c) & 0x80u) != 0; }

// The code point starting at text[i], for messages. REQUIRES: valid UTF-8 there.
uint32_t CodePointAt(std::string_view text, size_t i) {
  const auto b = [&](size_t k) {
    return static_cast<uint32_t>(static_cast<unsigned char>(text[k]));
  };
  if (b(i) < 0x80) return b(i);
  if (b(i) < 0xE0) return ((b(i) & 0x1F) << 6) | (b(i + 1) & 0x3F);
  if (b(i) < 0xF0) return ((b(i) & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
  return ((b(i) & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
         (b(i + 3) & 0x3F);
}

std::string CharName(std::string_view text, size_t i) {
  return fmt::format("U+{:04X}", CodePointAt(text, i));
}

// text[i - 10, i) is a date "YYYY-MM-DD".
bool IsDateBefore(std::string_view text, size_t i) {
  if (i < 10) return false;
  for (size_t k = 0; k < 10; ++k) {
    const char d = text[i - 10 + k];
    if ((k == 4 || k == 7) ? d != '-' : !(d >= '0' && d <= '9')) return false;
  }
  return true;
}

// The value running on from text[i] (to whitespace, ',', ']', '}', '#' or the end) has a ':'.
bool HasColonInValue(std::string_view text, size_t i) {
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':') return true;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ']' || c == '}' ||
        c == '#')
      return false;
  }
  return false;
}

}  // namespace

std::optional<TextFault> FindTomlHazard(std::string_view text) {
  enum class State { kCode, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  State state = State::kCode;
  std::string open;        // '[' and '{' open in values (a table header's own '[' not counted)
  bool line_start = true;  // only spaces and tabs since the last newline
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    const char c = text[i];
    switch (state) {
      case State::kComment:
        if (c == '\n') state = State::kCode, line_start = true;
        continue;
      case State::kLiteral:
        if (c == '\'' || c == '\n') state = State::kCode;
        continue;
      case State::kBasic:
        if (c == '\\')
          ++i;  // the escaped character cannot end the string
        else if (c == '"' || c == '\n')
          state = State::kCode;
        continue;
      case State::kMultiLiteral:
        if (text.substr(i, 3) == "'''") state = State::kCode, i += 2;
        continue;
      case State::kMultiBasic:
        if (text.substr(i, 3) == "\"\"\"") {
          state = State::kCode, i += 2;
        } else if (c == '\\') {
          // An escape; after a line-ending backslash toml++ skips whitespace and newlines and
          // tests the first other character for whitespace.
          size_t k = i + 1;
          if (k < n && IsNonAscii(text[k]))
            return TextFault{k, fmt::format("'{}' right after a backslash in a multi-line string "
                                            "is not a valid escape",
                                            CharName(text, k))};
          if (k < n && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n')) {
            while (k < n &&
                   (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n'))
              ++k;
            if (k < n && IsNonAscii(text[k]))
              return TextFault{
                  k, fmt::format("{} as the first character after a line-ending backslash is not "
                                 "supported by the TOML parser plan uses; write it as a \\u escape",
                                 CharName(text, k))};
            i = k - 1;
          } else {
            ++i;
          }
        }
        continue;
      case State::kCode:
        break;
    }
    if (IsNonAscii(c))
      return TextFault{i, fmt::format("{} outside a quoted string or a comment is not valid TOML",
                                      CharName(text, i))};
    if (c == '\n') {
      line_start = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    const bool header = line_start && open.empty() && c == '[';
    line_start = false;
    if (header) {
      size_t k = i + 1;
      while (k < n && (text[k] == ' ' || text[k] == '\t')) ++k;
      if (k < n && text[k] == '[') {
        ++k;
        while (k < n && (text[k] == ' ' || text[k] == '\t')) ++k;
      }
      if (k < n && text[k] != ']' && !IsKeyStart(text[k]) && !IsNonAscii(text[k]))
        return TextFault{k, fmt::format("a table header needs a key here, not '{}'", text[k])};
      continue;
    }
    if ((c == 'T' || c == 't') && IsDateBefore(text, i) &&
        !(i + 1 < n && text[i + 1] >= '0' && text[i + 1] <= '9') && HasColonInValue(text, i))
      return TextFault{i + 1, "a date-time needs the hour right after its 'T'"};
    if ((c == '"' || c == '\'') && i > 0 && IsBareChar(text[i - 1]))
      // toml++ reads such a quote as part of the bare value, so what follows is not in a
      // string; no valid TOML has one there.
      return TextFault{i, fmt::format("a quote right after '{}' is not valid TOML: a string "
                                      "cannot continue a bare key or value",
                                      text[i - 1])};
    if (c == '#') {
      state = State::kComment;
    } else if (c == '"') {
      state = text.substr(i, 3) == "\"\"\"" ? (i += 2, State::kMultiBasic) : State::kBasic;
    } else if (c == '\'') {
      state = text.substr(i, 3) == "'''" ? (i += 2, State::kMultiLiteral) : State::kLiteral;
    } else if (c == '[' || c == '{') {
      open.push_back(c);
    } else if ((c == ']' || c == '}') && !open.empty()) {
      // A '}' where an array expects a value makes parse_value() assert; a mismatched
      // bracket is invalid TOML either way.
      if ((c == '}') != (open.back() == '{'))
        return TextFault{
            i, fmt::format("'{}' closes no '{}': an {} is open here", c, c == '}' ? '{' : '[',
                           open.back() == '[' ? "array" : "inline table")};
      open.pop_back();
    }
  }
  return std::nullopt;
}

}  // namespace plan
