#include "util/toml_reader.h"

#include <fmt/format.h>
#include <cmath>

#include "util/suggest.h"
#include "util/text_check.h"
#include "util/toml_guard.h"

namespace plan {

std::optional<toml::table> ParseToml(const std::string& text, const std::string& path,
                                     Diagnostics* diag) {
  if (text.size() > kMaxTomlBytes) {
    diag->Error({path},
                fmt::format("{:.1f} MiB is more TOML than plan reads from one file ({} MiB)",
                            text.size() / 1048576.0, kMaxTomlBytes >> 20));
    return std::nullopt;
  }
  diag->AddSource(path, text);
  // toml++ 3.3 must never see what its parser mishandles (util/toml_guard.h).
  std::optional<TextFault> fault = FindTextFault(text);
  if (!fault) fault = FindTomlHazard(text);
  if (fault) {
    diag->Error(LocOfOffset(text, path, fault->offset),
                fmt::format("TOML syntax error: {}", fault->message));
    return std::nullopt;
  }
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    diag->Error({path, static_cast<int>(begin.line), static_cast<int>(begin.column)},
                fmt::format("TOML syntax error: {}", e.description()));
  } catch (const std::exception& e) {
    diag->Error({path}, fmt::format("cannot parse the TOML: {}", e.what()));
  }
  return std::nullopt;
}

SourceLoc LocOf(const toml::node& node, const std::string& path) {
  const auto& begin = node.source().begin;
  return {path, static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

std::string TomlTypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    default:
      return "nothing";
  }
}

TomlTable::TomlTable(const toml::table& table, std::string path, Diagnostics* diag,
                     std::string what)
    : table_(table), path_(std::move(path)), diag_(diag), what_(std::move(what)) {}

SourceLoc TomlTable::Loc() const { return LocOf(table_, path_); }

SourceLoc TomlTable::KeyLoc(std::string_view key) const {
  const toml::node* node = table_.get(key);
  return node ? LocOf(*node, path_) : Loc();
}

const toml::node* TomlTable::Find(std::string_view key) {
  known_.emplace(key);
  return table_.get(key);
}

bool TomlTable::Has(std::string_view key) { return Find(key) != nullptr; }

void TomlTable::Known(std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) known_.emplace(k);
}

void TomlTable::Error(std::string_view key, std::string message) {
  diag_->Error(KeyLoc(key), std::move(message));
}

void TomlTable::ErrorHere(std::string message) { diag_->Error(Loc(), std::move(message)); }

void TomlTable::TypeError(std::string_view key, const toml::node& node, std::string_view expected) {
  diag_->Error(LocOf(node, path_), fmt::format("'{}' in {} must be {}, not {}", key, what_,
                                               expected, TomlTypeName(node)));
}

std::optional<std::string> TomlTable::String(std::string_view key) {
  const toml::node* node = Find(key);
  if (!node) return std::nullopt;
  if (auto v = node->value<std::string>(); v && node->is_string()) return *v;
  TypeError(key, *node, "a string");
  return std::nullopt;
}

std::string TomlTable::RequireString(std::string_view key) {
  if (!table_.get(key)) {
    known_.emplace(key);
    ErrorHere(fmt::format("{} is missing required key '{}'", what_, key));
    return "";
  }
  return String(key).value_or("");
}

std::string TomlTable::Choice(std::string_view key, const std::vector<std::string>& choices,
                              std::string fallback) {
  std::optional<std::string> v = String(key);
  if (!v) return fallback;
  for (const std::string& c : choices)
    if (c == *v) return *v;
  Error(key, fmt::format("'{}' in {}: {}", key, what_, UnknownNameMessage("value", *v, choices)));
  return fallback;
}

std::optional<double> TomlTable::Number(std::string_view key) {
  const toml::node* node = Find(key);
  if (!node) return std::nullopt;
  if (node->is_integer()) return static_cast<double>(*node->value<int64_t>());
  if (node->is_floating_point()) {
    double v = *node->value<double>();
    if (!std::isfinite(v)) {
      diag_->Error(LocOf(*node, path_),
                   fmt::format("'{}' in {} must be a finite number", key, what_));
      return std::nullopt;
    }
    return v;
  }
  TypeError(key, *node, "a number");
  return std::nullopt;
}

namespace {

// A bound as people write it: 1048576, 0.5, 1e+12.
std::string Bound(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{:g}", v);
}

}  // namespace

std::optional<double> TomlTable::NumberInRange(std::string_view key, double min, double max,
                                               bool min_exclusive) {
  std::optional<double> v = Number(key);
  if (!v) return v;
  const bool low = min_exclusive ? !(*v > min) : !(*v >= min);
  if (!low && *v <= max) return v;
  // -0 is shown as written: "must be > 0, not -0".
  const std::string shown = std::signbit(*v) && *v == 0 ? "-0" : Bound(*v);
  if (low)
    Error(key, fmt::format("'{}' in {} must be {} {}, not {}", key, what_,
                           min_exclusive ? ">" : ">=", Bound(min), shown));
  else
    Error(key, fmt::format("'{}' in {} must be <= {}, not {}", key, what_, Bound(max), shown));
  return std::nullopt;
}

double TomlTable::RequireNumberInRange(std::string_view key, double min, double max,
                                       bool min_exclusive) {
  if (!table_.get(key)) {
    known_.emplace(key);
    ErrorHere(fmt::format("{} is missing required key '{}'", what_, key));
    return min;
  }
  return NumberInRange(key, min, max, min_exclusive).value_or(min);
}

std::optional<int64_t> TomlTable::Int(std::string_view key) {
  const toml::node* node = Find(key);
  if (!node) return std::nullopt;
  if (node->is_integer()) return *node->value<int64_t>();
  TypeError(key, *node, "an integer");
  return std::nullopt;
}

std::optional<int64_t> TomlTable::IntInRange(std::string_view key, int64_t min, int64_t max) {
  std::optional<int64_t> v = Int(key);
  if (v && (*v < min || *v > max)) {
    Error(key, fmt::format("'{}' in {} must be {} {}, not {}", key, what_,
                           *v < min ? ">=" : "<=", *v < min ? min : max, *v));
    return std::nullopt;
  }
  return v;
}

int64_t TomlTable::RequireIntInRange(std::string_view key, int64_t min, int64_t max) {
  if (!table_.get(key)) {
    known_.emplace(key);
    ErrorHere(fmt::format("{} is missing required key '{}'", what_, key));
    return min;
  }
  return IntInRange(key, min, max).value_or(min);
}

std::optional<bool> TomlTable::Bool(std::string_view key) {
  const toml::node* node = Find(key);
  if (!node) return std::nullopt;
  if (node->is_boolean()) return *node->value<bool>();
  TypeError(key, *node, "a boolean");
  return std::nullopt;
}

const toml::table* TomlTable::Table(std::string_view key) {
  const toml::node* node = Find(key);
  if (!node) return nullptr;
  if (node->is_table()) return node->as_table();
  TypeError(key, *node, "a table");
  return nullptr;
}

const toml::array* TomlTable::Array(std::string_view key) {
  const toml::node* node = Find(key);
  if (!node) return nullptr;
  if (node->is_array()) return node->as_array();
  TypeError(key, *node, "an array");
  return nullptr;
}

std::vector<const toml::table*> TomlTable::TableArray(std::string_view key) {
  std::vector<const toml::table*> out;
  const toml::array* array = Array(key);
  if (!array) return out;
  for (const toml::node& element : *array) {
    if (element.is_table()) {
      out.push_back(element.as_table());
    } else {
      diag_->Error(LocOf(element, path_), fmt::format("each '{}' in {} must be a table, not {}",
                                                      key, what_, TomlTypeName(element)));
    }
  }
  return out;
}

std::optional<std::vector<std::string>> TomlTable::StringArray(std::string_view key) {
  const toml::array* array = Array(key);
  if (!array) return std::nullopt;
  std::vector<std::string> out;
  for (const toml::node& element : *array) {
    if (element.is_string()) {
      out.push_back(*element.value<std::string>());
    } else {
      diag_->Error(LocOf(element, path_), fmt::format("each '{}' in {} must be a string, not {}",
                                                      key, what_, TomlTypeName(element)));
    }
  }
  return out;
}

void TomlTable::Finish() {
  std::vector<std::string> known(known_.begin(), known_.end());
  for (const auto& [key, node] : table_) {
    if (known_.count(key.str())) continue;
    std::string message = fmt::format("unknown key '{}' in {}", key.str(), what_);
    std::string nearest = NearestName(key.str(), known);
    if (!nearest.empty()) message += fmt::format("; did you mean '{}'?", nearest);
    // Point at the key; a key built in code rather than parsed has no source, so fall back
    // to its value.
    SourceLoc loc = key.source().begin.line > 0
                        ? SourceLoc{path_, static_cast<int>(key.source().begin.line),
                                    static_cast<int>(key.source().begin.column)}
                        : LocOf(node, path_);
    diag_->Error(loc, message);
  }
}

}  // namespace plan
