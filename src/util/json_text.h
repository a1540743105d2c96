// Reading untrusted JSON (reports, probe files, search parts, price lists, a server's stream):
// every failure becomes a "path:line:col:" error value, never an exception or a crash, and a
// value is quoted in messages as a bounded excerpt, never dumped whole.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace plan {

// Deeper nesting is refused before parsing: plan's own documents are at most ~6 deep, and
// nlohmann's copy, compare and dump recurse once per level.
inline constexpr int kMaxJsonDepth = 128;

// Parses `text` named `path`. Errors (Status::Invalid) read "path:line:col: not valid JSON:
// why" for a syntax error, invalid UTF-8, a number beyond a double's range (1e400) or nesting
// deeper than kMaxJsonDepth; any other library failure reads "path: not valid JSON: why".
Result<nlohmann::json> ParseJson(std::string_view text, const std::string& path);

// Parses without an error message; false for anything ParseJson would refuse.
bool TryParseJson(std::string_view text, nlohmann::json* out);

// `v` as compact JSON of at most `max_chars` characters ("..." marking a cut), written without
// recursion, so a deeply nested value costs no stack.
std::string JsonExcerpt(const nlohmann::json& v, size_t max_chars = 60);

}  // namespace plan
