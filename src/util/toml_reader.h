// Typed, diagnosed reading of TOML tables: every getter checks the type and range and
// records the key as known; Finish() reports every other key as unknown, with a suggestion.
// All problems go to a Diagnostics with path:line:col; reading continues past errors.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "util/diagnostics.h"

namespace plan {

// The largest TOML document ParseToml reads: a catalog file is ~50 KB, and toml++ keeps
// about 50 bytes per input byte of a dense array, so this bounds its memory to ~200 MB.
inline constexpr size_t kMaxTomlBytes = size_t{4} << 20;

// Parses TOML text; a syntax error goes to `diag` (and the text is registered for carets).
// Text that is not UTF-8, holds a NUL byte, or is larger than kMaxTomlBytes is an error too.
std::optional<toml::table> ParseToml(const std::string& text, const std::string& path,
                                     Diagnostics* diag);

SourceLoc LocOf(const toml::node& node, const std::string& path);

// The TOML type name the user would recognise: "string", "integer", "table", ...
std::string TomlTypeName(const toml::node& node);

class TomlTable {
 public:
  // `what` names the table in messages, e.g. "gpu 'h100-sxm'" or "[workload]".
  TomlTable(const toml::table& table, std::string path, Diagnostics* diag, std::string what);

  const toml::table& raw() const { return table_; }
  const std::string& path() const { return path_; }
  const std::string& what() const { return what_; }
  Diagnostics* diag() const { return diag_; }
  void set_what(std::string what) { what_ = std::move(what); }

  SourceLoc Loc() const;                         // the table itself
  SourceLoc KeyLoc(std::string_view key) const;  // the value under `key`, else the table
  bool Has(std::string_view key);                // marks the key known

  // Marks keys as known without reading them (read elsewhere).
  void Known(std::initializer_list<std::string_view> keys);

  std::optional<std::string> String(std::string_view key);
  std::string RequireString(std::string_view key);
  // One of `choices`; an unknown value is reported with a suggestion and `fallback` returned.
  std::string Choice(std::string_view key, const std::vector<std::string>& choices,
                     std::string fallback);

  // Every number a scenario or catalog holds has a range (util/input_limits.h): a value
  // outside it is reported ("'hidden' in model 'x' must be <= 1048576, not ...") and
  // nullopt returned, so nothing downstream sees it. Integers and floats are both numbers.
  std::optional<double> Number(std::string_view key);  // any finite value
  // `min_exclusive`: `min` itself is not allowed (a price must be > 0, and -0 is not).
  std::optional<double> NumberInRange(std::string_view key, double min, double max,
                                      bool min_exclusive = false);
  double RequireNumberInRange(std::string_view key, double min, double max,
                              bool min_exclusive = false);

  std::optional<int64_t> Int(std::string_view key);
  std::optional<int64_t> IntInRange(std::string_view key, int64_t min, int64_t max);
  int64_t RequireIntInRange(std::string_view key, int64_t min, int64_t max);

  std::optional<bool> Bool(std::string_view key);

  const toml::table* Table(std::string_view key);
  const toml::array* Array(std::string_view key);
  // An array of tables ([[x]]); a single inline table is not accepted.
  std::vector<const toml::table*> TableArray(std::string_view key);
  std::optional<std::vector<std::string>> StringArray(std::string_view key);

  void Error(std::string_view key, std::string message);  // at the key's value
  void ErrorHere(std::string message);                    // at the table

  // Reports keys no getter asked for. Call once, after all getters.
  void Finish();

 private:
  const toml::node* Find(std::string_view key);
  void TypeError(std::string_view key, const toml::node& node, std::string_view expected);

  const toml::table& table_;
  std::string path_;
  Diagnostics* diag_;
  std::string what_;
  std::set<std::string, std::less<>> known_;
};

}  // namespace plan
