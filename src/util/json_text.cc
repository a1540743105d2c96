#include "util/json_text.h"

#include <fmt/format.h>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <vector>

#include "util/text_check.h"

namespace plan {

namespace {

using nlohmann::json;

// What nlohmann would fail on with an exception but no position: nesting past kMaxJsonDepth
// (refused here, not by the library) and a number that overflows a double. Strings are
// skipped; syntax is left to the parser.
std::optional<TextFault> ScanJson(std::string_view text) {
  int depth = 0;
  std::string number;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        return TextFault{i, fmt::format("nested deeper than {} levels", kMaxJsonDepth)};
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const size_t start = i;
      while (i + 1 < text.size() &&
             std::string_view("0123456789+-.eE").find(text[i + 1]) != std::string_view::npos)
        ++i;
      number.assign(text.substr(start, i - start + 1));
      if (std::isinf(std::strtod(number.c_str(), nullptr)))
        return TextFault{
            start, fmt::format("number '{}' is beyond the range of a double", Excerpt(number, 40))};
    }
  }
  return std::nullopt;
}

// nlohmann's what() without its "[json.exception.parse_error.101] parse error at line 1,
// column 2: " prefix: the position is given our way.
std::string Reason(const json::exception& e) {
  std::string what = e.what();
  const size_t bracket = what.find("] ");
  if (bracket != std::string::npos) what = what.substr(bracket + 2);
  const size_t colon = what.find(": ", what.rfind("parse error", 0) == 0 ? 0 : what.size());
  if (colon != std::string::npos) what = what.substr(colon + 2);
  return what;
}

}  // namespace

Result<json> ParseJson(std::string_view text, const std::string& path) {
  if (std::optional<TextFault> fault = ScanJson(text))
    return Status::Invalid(fmt::format("{}: not valid JSON: {}",
                                       LocOfOffset(text, path, fault->offset).ToString(),
                                       fault->message));
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    const size_t at = e.byte > 0 ? e.byte - 1 : 0;  // e.byte is 1-based
    return Status::Invalid(
        fmt::format("{}: not valid JSON: {}", LocOfOffset(text, path, at).ToString(), Reason(e)));
  } catch (const json::exception& e) {
    return Status::Invalid(fmt::format("{}: not valid JSON: {}", path, Reason(e)));
  } catch (const std::exception& e) {
    return Status::Invalid(fmt::format("{}: cannot read the JSON: {}", path, e.what()));
  }
}

bool TryParseJson(std::string_view text, json* out) {
  if (ScanJson(text)) return false;
  try {
    *out = json::parse(text, nullptr, /*allow_exceptions=*/false);
  } catch (const std::exception&) {
    return false;
  }
  return !out->is_discarded();
}

std::string JsonExcerpt(const json& v, size_t max_chars) {
  // A depth-first walk with an explicit stack of (container, next child index).
  struct Frame {
    const json* container;
    size_t next;
    json::const_iterator it;
  };
  std::string out;
  std::vector<Frame> stack;
  const json* value = &v;
  while (out.size() <= max_chars) {
    if (value != nullptr) {
      if (value->is_array() || value->is_object()) {
        out += value->is_array() ? '[' : '{';
        stack.push_back({value, 0, value->cbegin()});
      } else {
        out += value->dump(-1, ' ', false, json::error_handler_t::replace);
      }
      value = nullptr;
    }
    if (stack.empty()) break;
    Frame& f = stack.back();
    if (f.it == f.container->cend()) {
      out += f.container->is_array() ? ']' : '}';
      stack.pop_back();
      continue;
    }
    if (f.next++ > 0) out += ',';
    if (f.container->is_object()) out += json(f.it.key()).dump() + ':';
    value = &*f.it;
    ++f.it;
  }
  return out.size() > max_chars ? Excerpt(out, max_chars) : out;
}

}  // namespace plan
