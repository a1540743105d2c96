// Writing TOML by hand: quoted strings and numbers as a catalog file spells them.
#pragma once

#include <string>

namespace plan {

// A TOML basic string: "..." with \", \\ and control characters escaped.
std::string TomlQuote(const std::string& s);

// `v` with `significant` significant digits, always a valid TOML float or integer
// (0.00012 -> "0.00012", 1.2e-07 -> "1.2e-07", 100 -> "100").
std::string TomlNumber(double v, int significant = 6);

// The date part of an ISO 8601 time: "2026-12-01T09:30:00Z" -> "2026-12-01".
std::string DateOf(const std::string& iso8601);

}  // namespace plan
