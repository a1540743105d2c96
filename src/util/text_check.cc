#include "util/text_check.h"

#include <fmt/format.h>

namespace plan {

namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not a valid one.
size_t Utf8Length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0Fu;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07u;
  } else {
    return 0;  // a continuation byte, an overlong 2-byte lead (C0, C1), or F5..FF
  }
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return 0;
  return len;
}

}  // namespace

std::optional<TextFault> FindTextFault(std::string_view text) {
  if (text.size() >= 2 &&
      ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
    return TextFault{0,
                     "the file is UTF-16 text; plan reads UTF-8 (convert it first: iconv -f "
                     "UTF-16 -t UTF-8)"};
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\0') return TextFault{i, "a NUL byte: this is not a text file"};
    const size_t len = Utf8Length(text, i);
    if (len == 0)
      return TextFault{i, fmt::format("invalid UTF-8 (byte 0x{:02X}); plan reads UTF-8 text",
                                      static_cast<unsigned char>(text[i]))};
    i += len;
  }
  return std::nullopt;
}

SourceLoc LocOfOffset(std::string_view text, const std::string& path, size_t offset) {
  SourceLoc loc{path, 1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u) {
      ++loc.column;  // continuation bytes belong to the character before
    }
  }
  return loc;
}

std::string Excerpt(std::string_view text, size_t max_chars) {
  bool cut = text.size() > max_chars;
  if (cut) {
    // Never end inside a UTF-8 sequence: back up to the lead byte of the last character and
    // drop that character when it does not fit whole.
    size_t lead = max_chars;
    while (lead > 0 && (static_cast<unsigned char>(text[lead - 1]) & 0xC0u) == 0x80u) --lead;
    size_t end = max_chars;
    if (lead > 0 && Utf8Length(text, lead - 1) > max_chars - (lead - 1)) end = lead - 1;
    text = text.substr(0, end);
  }
  std::string out;
  out.reserve(text.size() + 3);
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\t') || u == 0x7F ? '?' : c;
  }
  if (cut) out += "...";
  return out;
}

}  // namespace plan
