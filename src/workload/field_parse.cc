#include "workload/field_parse.h"

#include <cstring>
#include <limits>

#include "util/rng.h"

namespace plan {

namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
// Significant digits kept from a decimal: 10^19 - 1 still fits in uint64, and no real
// timestamp has more.
constexpr int kMaxMantissaDigits = 19;
constexpr int kPow10Count = 20;
constexpr uint64_t kPow10[kPow10Count] = {1ull,
                                          10ull,
                                          100ull,
                                          1000ull,
                                          10000ull,
                                          100000ull,
                                          1000000ull,
                                          10000000ull,
                                          100000000ull,
                                          1000000000ull,
                                          10000000000ull,
                                          100000000000ull,
                                          1000000000000ull,
                                          10000000000000ull,
                                          100000000000000ull,
                                          1000000000000000ull,
                                          10000000000000000ull,
                                          100000000000000000ull,
                                          1000000000000000000ull,
                                          10000000000000000000ull};
// Years whose every instant fits in int64 nanoseconds since 1970 (1677-09-21 .. 2262-04-11).
constexpr int kMinYear = 1678;
constexpr int kMaxYear = 2261;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `width` digits at s[pos].
bool Digits(std::string_view s, size_t pos, size_t width, int* out) {
  if (pos + width > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Leap years in [1, y).
int64_t LeapYearsBefore(int64_t y) { return (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400; }

// Days from 1970-01-01 to y-m-d (proleptic Gregorian). REQUIRES: y >= 1, 1 <= m <= 12.
int64_t DaysSinceEpoch(int64_t y, int m, int d) {
  static constexpr int kDaysBeforeMonth[12] = {0,   31,  59,  90,  120, 151,
                                               181, 212, 243, 273, 304, 334};
  int64_t days = 365 * (y - 1970) + LeapYearsBefore(y) - LeapYearsBefore(1970);
  days += kDaysBeforeMonth[m - 1] + (m > 2 && IsLeapYear(y) ? 1 : 0);
  return days + d - 1;
}

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[m - 1] + (m == 2 && IsLeapYear(y) ? 1 : 0);
}

}  // namespace

bool ParseTimeUnit(std::string_view name, TimeUnit* unit) {
  if (name == "s")
    *unit = TimeUnit::kSeconds;
  else if (name == "ms")
    *unit = TimeUnit::kMillis;
  else if (name == "us")
    *unit = TimeUnit::kMicros;
  else if (name == "ns")
    *unit = TimeUnit::kNanos;
  else if (name == "datetime")
    *unit = TimeUnit::kDateTime;
  else
    return false;
  return true;
}

const char* TimeUnitExpectation(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSeconds:
      return "a number of seconds";
    case TimeUnit::kMillis:
      return "a number of milliseconds";
    case TimeUnit::kMicros:
      return "a number of microseconds";
    case TimeUnit::kNanos:
      return "a number of nanoseconds";
    case TimeUnit::kDateTime:
      return "a date-time like 2023-11-16 18:17:03.9799600";
  }
  return "";
}

bool ParseTokenCount(std::string_view s, int64_t* out) {
  size_t i = 0;
  int64_t v = 0;
  for (; i < s.size() && IsDigit(s[i]); ++i) {
    v = v * 10 + (s[i] - '0');
    if (v > std::numeric_limits<int32_t>::max()) return false;
  }
  if (i == 0) return false;
  if (i < s.size()) {
    if (s[i] != '.') return false;
    for (++i; i < s.size(); ++i)
      if (s[i] != '0') return false;
  }
  *out = v;
  return true;
}

bool ParseDecimalNs(std::string_view s, int unit_pow10, int64_t* ns) {
  size_t i = 0, n = s.size();
  bool negative = false;
  if (i < n && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  uint64_t mantissa = 0;
  int digits = 0, fraction_digits = 0;
  bool any = false, round_up = false;
  for (; i < n && IsDigit(s[i]); ++i, any = true) {
    if (mantissa == 0 && s[i] == '0') continue;
    if (++digits > kMaxMantissaDigits) return false;
    mantissa = mantissa * 10 + static_cast<uint64_t>(s[i] - '0');
  }
  if (i < n && s[i] == '.') {
    for (++i; i < n && IsDigit(s[i]); ++i, any = true) {
      if (mantissa != 0 || s[i] != '0') ++digits;
      if (digits > kMaxMantissaDigits) {
        // Digits past the 19th significant one only round the last kept one.
        if (digits == kMaxMantissaDigits + 1) round_up = s[i] >= '5';
        continue;
      }
      mantissa = mantissa * 10 + static_cast<uint64_t>(s[i] - '0');
      ++fraction_digits;
    }
  }
  if (!any) return false;
  if (round_up) ++mantissa;
  int exponent = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) exp_negative = s[i++] == '-';
    size_t start = i;
    for (; i < n && IsDigit(s[i]); ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 1000) return false;
    }
    if (i == start) return false;
    if (exp_negative) exponent = -exponent;
  }
  if (i != n) return false;
  int e = exponent - fraction_digits + unit_pow10;
  uint64_t value = 0;
  if (mantissa == 0) {
    value = 0;
  } else if (e >= 0) {
    if (e >= kPow10Count || __builtin_mul_overflow(mantissa, kPow10[e], &value)) return false;
  } else if (-e < kPow10Count) {
    uint64_t p = kPow10[-e];
    value = mantissa / p;
    if (mantissa % p >= p - mantissa % p) ++value;  // half away from zero
  }  // else: mantissa < 10^19, so below half a nanosecond
  if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
  *ns = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

bool ParseDateTimeNs(std::string_view s, int64_t* ns) {
  int year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &month) ||
      s[7] != '-' || !Digits(s, 8, 2, &day) || (s[10] != ' ' && s[10] != 'T') ||
      !Digits(s, 11, 2, &hour) || s[13] != ':' || !Digits(s, 14, 2, &minute) || s[16] != ':' ||
      !Digits(s, 17, 2, &second))
    return false;
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
    return false;
  size_t i = 19;
  int64_t fraction_ns = 0;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    int64_t scale = kNsPerSecond / 10;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      int digit = s[i] - '0';
      if (scale > 0) {
        fraction_ns += digit * scale;
        scale /= 10;
      } else if (i - start == 9 && digit >= 5) {
        ++fraction_ns;  // the 10th digit rounds; later ones cannot change the result
      }
    }
    if (i == start) return false;
  }
  int64_t offset_s = 0;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!Digits(s, i + 1, 2, &oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
        !Digits(s, i + 4, 2, &om) || oh > 23 || om > 59)
      return false;
    offset_s = (s[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    i += 6;
  }
  if (i != s.size()) return false;
  int64_t seconds = DaysSinceEpoch(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
                    second - offset_s;
  *ns = seconds * kNsPerSecond + fraction_ns;
  return true;
}

bool ParseTimeNs(std::string_view s, TimeUnit unit, int64_t* ns) {
  switch (unit) {
    case TimeUnit::kSeconds:
      return ParseDecimalNs(s, 9, ns);
    case TimeUnit::kMillis:
      return ParseDecimalNs(s, 6, ns);
    case TimeUnit::kMicros:
      return ParseDecimalNs(s, 3, ns);
    case TimeUnit::kNanos:
      return ParseDecimalNs(s, 0, ns);
    case TimeUnit::kDateTime:
      return ParseDateTimeNs(s, ns);
  }
  return false;
}

bool SplitCsv(std::string_view line, std::vector<CsvField>* fields) {
  fields->clear();
  size_t i = 0, n = line.size();
  for (;;) {
    while (i < n && line[i] == ' ') ++i;
    CsvField f;
    f.col = static_cast<int32_t>(i + 1);
    if (i < n && line[i] == '"') {
      size_t q = i + 1;
      for (;;) {
        size_t close = line.find('"', q);
        if (close == std::string_view::npos) return false;
        if (close + 1 < n && line[close + 1] == '"') {
          q = close + 2;
          continue;
        }
        f.text = line.substr(i + 1, close - i - 1);
        i = close + 1;
        break;
      }
      while (i < n && line[i] == ' ') ++i;
      if (i < n && line[i] != ',') return false;
    } else {
      const void* comma = std::memchr(line.data() + i, ',', n - i);
      size_t end = comma ? static_cast<const char*>(comma) - line.data() : n;
      size_t last = end;
      while (last > i && line[last - 1] == ' ') --last;
      f.text = line.substr(i, last - i);
      i = end;
    }
    fields->push_back(f);
    if (i >= n) return true;
    ++i;  // the comma
  }
}

uint32_t SessionIdOf(std::string_view text) {
  if (text.empty()) return 0;
  uint64_t v = 0;
  bool numeric = text.size() <= 10;
  for (char c : text) {
    if (!numeric) break;
    if (!IsDigit(c))
      numeric = false;
    else
      v = v * 10 + (c - '0');
  }
  if (numeric && v >= 1 && v <= std::numeric_limits<uint32_t>::max())
    return static_cast<uint32_t>(v);
  uint64_t h = HashName(text);
  uint32_t folded = static_cast<uint32_t>(h ^ (h >> 32));
  return folded == 0 ? 1 : folded;
}

}  // namespace plan
