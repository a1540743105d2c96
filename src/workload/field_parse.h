// Hand-written parsers for the fields of trace rows: exact, allocation-free, locale-free.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace plan {

enum class TimeUnit { kSeconds, kMillis, kMicros, kNanos, kDateTime };

// "s" | "ms" | "us" | "ns" | "datetime"; false for anything else.
bool ParseTimeUnit(std::string_view name, TimeUnit* unit);

// What a time in `unit` looks like, for error messages: "a number of seconds", ...
const char* TimeUnitExpectation(TimeUnit unit);

// A token count: decimal digits, optionally followed by a fraction of zeros ("472.0", as
// pandas writes). False for signs, other fractions, exponents or more than 2^31 - 1.
bool ParseTokenCount(std::string_view s, int64_t* out);

// A non-negative or negative decimal, with optional fraction and exponent ("4.314579",
// "1.5e3"), times 10^unit_pow10 nanoseconds, computed exactly in integers and rounded half
// away from zero below 1 ns (digits past the 19th significant one only round the 19th).
// False on syntax errors or beyond +-2^63 ns.
bool ParseDecimalNs(std::string_view s, int unit_pow10, int64_t* ns);

// "YYYY-MM-DD HH:MM:SS[.fraction]" (or 'T' between date and time), optionally followed by
// "Z" or "+HH:MM"/"-HH:MM": nanoseconds since 1970-01-01 00:00:00 UTC, exactly (fractions
// beyond 9 digits round half up). No locale or time-zone functions are used.
bool ParseDateTimeNs(std::string_view s, int64_t* ns);

// Dispatches on `unit`.
bool ParseTimeNs(std::string_view s, TimeUnit unit, int64_t* ns);

// One field of a CSV row: its text (outer quotes and surrounding spaces removed; doubled
// quotes inside are left doubled) and its 1-based column in the line.
struct CsvField {
  std::string_view text;
  int32_t col = 1;
};

// Splits one CSV line at commas outside double quotes, reusing `fields`' capacity.
// False when a quoted field is not closed.
bool SplitCsv(std::string_view line, std::vector<CsvField>* fields);

// A session id from text: decimal digits in [1, 2^32 - 1] are taken as they are; other
// non-empty text is hashed (FNV-1a, folded to 32 bits, never 0); empty text is 0 (none).
uint32_t SessionIdOf(std::string_view text);

}  // namespace plan
