// A scan of TOML text, before toml++ parses it, for the inputs toml++ 3.3 (Debian's) handles
// by violating its own invariants instead of reporting a syntax error: its parser then runs
// past a failed assertion (undefined behaviour in a release build). Fixed upstream after 3.3:
//   - a table header whose key starts with neither a key character nor a quote ("[[[a]]]",
//     "[=", "[ .a]"): parse_key() asserts on its first character;
//     https://github.com/marzer/tomlplusplus/pull/301
//   - a '}' where an array expects a value ("a = [ }"): parse_value() asserts that it does not
//     start at a value terminator (found by tests/fuzz/fuzz_scenario);
//   - a date-time with no digit after its 'T' ("1979-05-27T:32:00"): parse_time() asserts that
//     it starts at a digit (found by tests/fuzz/fuzz_catalog);
//   - a non-ASCII character where the parser tests for whitespace (outside strings and
//     comments, or right after a backslash in a multi-line basic string): the whitespace test
//     reaches TOML_UNREACHABLE for most code points in U+00A1..U+0499, U+2D6E..U+3167 and
//     U+FB66..U+FEFE; https://github.com/marzer/tomlplusplus/issues/190
//   - a quote right after a bare key or value ("a = 7'x é'"): toml++ reads on past it as part
//     of the bare value, where the scan would take a string (found by tests/fuzz/fuzz_catalog);
// All are invalid TOML (except a non-ASCII first character after a line-ending backslash),
// so rejecting them changes no valid scenario or catalog. A mismatched bracket is refused
// with the '}' case: it is invalid too.
#pragma once

#include <optional>
#include <string_view>

#include "util/text_check.h"

namespace plan {

// The first such input in `text`. REQUIRES: FindTextFault(text) found nothing.
std::optional<TextFault> FindTomlHazard(std::string_view text);

}  // namespace plan
