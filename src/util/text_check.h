// Checks that an input is plain UTF-8 text before a parser sees it, and positions in it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "util/source_loc.h"

namespace plan {

// The first thing that makes `text` something other than UTF-8 text: a UTF-16 byte-order
// mark, a NUL byte, or an invalid UTF-8 sequence (overlong forms, surrogates and code points
// above U+10FFFF included).
struct TextFault {
  size_t offset = 0;  // byte offset of the offending byte
  std::string message;
};
std::optional<TextFault> FindTextFault(std::string_view text);

// The 1-based line and column (in code points) of byte `offset` in `text`.
SourceLoc LocOfOffset(std::string_view text, const std::string& path, size_t offset);

// A short excerpt of untrusted text for an error message: at most `max_chars` bytes (cut at a
// character boundary, "..." marking the cut), control characters shown as '?'.
std::string Excerpt(std::string_view text, size_t max_chars = 80);

}  // namespace plan
