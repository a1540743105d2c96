// What never reaches toml++: text that is not UTF-8, NUL bytes, and the inputs toml++ 3.3
// handles by breaking its own invariants (util/toml_guard.h). Each is a syntax error with a
// position and a caret instead.
#include <catch2/catch.hpp>

#include "util/text_check.h"
#include "util/toml_guard.h"
#include "util/toml_reader.h"

namespace plan {

namespace {

// The rendered error of parsing `text` as t.toml, or "" when it parses.
std::string TomlError(const std::string& text) {
  Diagnostics diag;
  std::optional<toml::table> doc = ParseToml(text, "t.toml", &diag);
  CHECK(doc.has_value() == diag.empty());
  return diag.Render();
}

}  // namespace

TEST_CASE("FindTextFault: UTF-8 text passes, everything else is named", "[util]") {
  CHECK_FALSE(FindTextFault("plain, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80"));
  auto at = [](std::string_view text) {
    std::optional<TextFault> f = FindTextFault(text);
    REQUIRE(f);
    return std::pair{f->offset, f->message};
  };
  CHECK(at(std::string_view("ab\0c", 4)) ==
        std::pair<size_t, std::string>{2, "a NUL byte: this is not a text file"});
  CHECK(at("ab\xFF") ==
        std::pair<size_t, std::string>{2, "invalid UTF-8 (byte 0xFF); plan reads UTF-8 text"});
  CHECK(at("\xC0\x80").first == 0);          // overlong NUL
  CHECK(at("x\xE0\x80\xAF").first == 1);     // overlong '/'
  CHECK(at("\xED\xA0\x80").first == 0);      // a UTF-16 surrogate
  CHECK(at("\xF4\x90\x80\x80").first == 0);  // above U+10FFFF
  CHECK(at("ok\xC3").first == 2);            // cut short
  CHECK(at("\xFF\xFEn\0").second ==
        "the file is UTF-16 text; plan reads UTF-8 (convert it first: iconv -f UTF-16 -t UTF-8)");
}

TEST_CASE("LocOfOffset counts columns in characters", "[util]") {
  SourceLoc loc = LocOfOffset("a\n\xC3\xA9\xC3\xA9x", "f", 6);
  CHECK(loc.ToString() == "f:2:3");
}

TEST_CASE("Excerpt cuts at a character boundary and hides control characters", "[util]") {
  CHECK(Excerpt("abc") == "abc");
  CHECK(Excerpt("a\x1b[31mb\nc") == "a?[31mb?c");
  CHECK(Excerpt("caf\xC3\xA9 noir", 4) == "caf...");  // never half of the e-acute
  CHECK(Excerpt("caf\xC3\xA9 noir", 5) == "caf\xC3\xA9...");
}

TEST_CASE("A table header with no key is an error, not a toml++ assertion", "[util]") {
  // toml++ 3.3 calls parse_key() on the third '[' and asserts (upstream PR #301).
  CHECK(TomlError("name = \"x\"\n[[[a]]]\n") ==
        "t.toml:2:3: TOML syntax error: a table header needs a key here, not '['\n"
        "  [[[a]]]\n"
        "    ^");
  CHECK(TomlError("[=") ==
        "t.toml:1:2: TOML syntax error: a table header needs a key here, "
        "not '='\n  [=\n   ^");
  CHECK(TomlError("[ [ .a]]") != "");
  CHECK(TomlError("[\n") != "");
}

TEST_CASE("A '}' where an array expects a value is an error, not a toml++ assertion", "[util]") {
  // parse_value() asserts that a value does not start at a terminator (found by fuzzing).
  CHECK(TomlError("a = [ }\n") ==
        "t.toml:1:7: TOML syntax error: '}' closes no '{': an array is open here\n"
        "  a = [ }\n"
        "        ^");
  CHECK(TomlError("a = { b = [1, 2 }\n") != "");
  CHECK(TomlError("a = { b = 1 ]\n") ==
        "t.toml:1:13: TOML syntax error: ']' closes no '[': an inline table is open here\n"
        "  a = { b = 1 ]\n"
        "              ^");
  CHECK(TomlError("a = [{ b = [1] }, { c = \"}\" }]\n") == "");
}

TEST_CASE("A date-time with no hour after its 'T' is an error, not a toml++ assertion", "[util]") {
  // parse_time() asserts that it starts at a digit (found by fuzzing).
  CHECK(TomlError("a = 1979-05-27T:32:00Z\n") ==
        "t.toml:1:16: TOML syntax error: a date-time needs the hour right after its 'T'\n"
        "  a = 1979-05-27T:32:00Z\n"
        "                 ^");
  CHECK(TomlError("a = 1979-05-27T07:32:00Z\nb = 1979-05-27\n1979-05-27T = 1\n") == "");
}

TEST_CASE("A non-ASCII character outside strings is an error before toml++ sees it", "[util]") {
  // U+00A7 where toml++ 3.3 tests for whitespace reaches TOML_UNREACHABLE (upstream #190).
  CHECK(TomlError("a = 1 \xC2\xA7\n") ==
        "t.toml:1:7: TOML syntax error: U+00A7 outside a quoted string or a comment is not valid "
        "TOML\n"
        "  a = 1 \xC2\xA7\n"
        "        ^");
  CHECK(TomlError("\xC3\xA9t\xC3\xA9 = 1") != "");
  CHECK(TomlError("s = \"\"\"\\\n\xC2\xA7\"\"\"\n") ==
        "t.toml:2:1: TOML syntax error: U+00A7 as the first character after a line-ending "
        "backslash is not supported by the TOML parser plan uses; write it as a \\u escape\n"
        "  \xC2\xA7\"\"\"\n"
        "  ^");
}

TEST_CASE("Non-ASCII text in strings and comments, and nested arrays, still parse", "[util]") {
  CHECK(TomlError("# caf\xC3\xA9 \xC2\xA7\n"
                  "name = \"caf\xC3\xA9 \xC2\xA7\"  # \xE2\x82\xAC\n"
                  "lit = 'd\xC3\xA9j\xC3\xA0'\n"
                  "ml = \"\"\"\n\xC2\xA7 line\n\"\"\"\n"
                  "mll = '''\n[[[not a header]]]\n'''\n"
                  "arr = [\n  [1, 2],\n  [3],\n]\n"
                  "[t]\n[[u]]\n[\"q\".r]\n") == "");
}

TEST_CASE("NUL bytes and invalid UTF-8 in TOML are refused with a position", "[util]") {
  CHECK(TomlError(std::string("a = 1\nb = \"x\0\"\n", 14)) ==
        "t.toml:2:7: TOML syntax error: a NUL byte: this is not a text file\n"
        "  b = \"x?\"\n"
        "        ^");
  CHECK(TomlError("# \xFF\n") ==
        "t.toml:1:3: TOML syntax error: invalid UTF-8 (byte 0xFF); plan reads UTF-8 text\n"
        "  # \xFF\n"
        "    ^");
}

TEST_CASE("A TOML document over the size cap is refused before parsing", "[util]") {
  Diagnostics diag;
  std::string big(kMaxTomlBytes + 1, '#');
  CHECK_FALSE(ParseToml(big, "big.toml", &diag));
  CHECK(diag.Render() == "big.toml: 4.0 MiB is more TOML than plan reads from one file (4 MiB)");
}

}  // namespace plan
