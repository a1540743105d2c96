// Internal to report/ (and decide/'s part files): reading plan's JSON documents back with every
// problem collected, each as "path: /json/pointer: message" (syntax errors as "path:line:col:
// message").
#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <limits>
#include <string>
#include <vector>

#include "report/report.h"
#include "report/search_report.h"
#include "util/json_text.h"
#include "util/status.h"

namespace plan {

class JsonIn {
 public:
  using json = nlohmann::json;
  explicit JsonIn(std::string path) : path_(std::move(path)) {}

  // The member `key` of the object at `ptr`; nullptr (and an error when required) if absent.
  const json* Member(const json& obj, const std::string& ptr, const char* key, bool required) {
    auto it = obj.find(key);
    if (it != obj.end()) return &*it;
    if (required) Error(ptr, fmt::format("missing required field '{}'", key));
    return nullptr;
  }

  // The object member `key`, or nullptr with an error.
  const json* Object(const json& obj, const std::string& ptr, const char* key,
                     bool required = true) {
    const json* v = Member(obj, ptr, key, required);
    if (v && !v->is_object()) {
      Error(ptr + "/" + key, "expected an object, got " + std::string(v->type_name()));
      return nullptr;
    }
    return v;
  }

  // The array member `key`, or nullptr with an error.
  const json* Array(const json& obj, const std::string& ptr, const char* key,
                    bool required = true) {
    const json* v = Member(obj, ptr, key, required);
    if (v && !v->is_array()) {
      Error(ptr + "/" + key, "expected an array, got " + std::string(v->type_name()));
      return nullptr;
    }
    return v;
  }

  void Numbers(const json& obj, const std::string& ptr, const char* key, std::vector<double>* out) {
    const json* v = Array(obj, ptr, key);
    if (!v) return;
    for (size_t i = 0; i < v->size(); ++i) {
      if ((*v)[i].is_number())
        out->push_back((*v)[i].get<double>());
      else
        Error(fmt::format("{}/{}/{}", ptr, key, i), "expected a number");
    }
  }

  void Number(const json& obj, const std::string& ptr, const char* key, double* out,
              bool required = true) {
    const json* v = Member(obj, ptr, key, required);
    if (!v) return;
    if (v->is_number())
      *out = v->get<double>();
    else
      Error(ptr + "/" + key, "expected a number, got " + std::string(v->type_name()));
  }

  // A non-negative integer that fits `Int` (a larger one is an error, never wrapped).
  template <typename Int>
  void Integer(const json& obj, const std::string& ptr, const char* key, Int* out) {
    const json* v = Member(obj, ptr, key, true);
    if (!v) return;
    const uint64_t max = static_cast<uint64_t>(std::numeric_limits<Int>::max());
    if (v->is_number_unsigned() && v->get<uint64_t>() <= max)
      *out = static_cast<Int>(v->get<uint64_t>());
    else if (v->is_number_integer() && v->get<int64_t>() >= 0 &&
             static_cast<uint64_t>(v->get<int64_t>()) <= max)
      *out = static_cast<Int>(v->get<int64_t>());
    else if (v->is_number_unsigned() || (v->is_number_integer() && v->get<int64_t>() >= 0))
      Error(ptr + "/" + key,
            fmt::format("expected an integer from 0 to {}, got {}", max, JsonExcerpt(*v)));
    else
      Error(ptr + "/" + key, "expected a non-negative integer, got " + JsonExcerpt(*v));
  }

  void Bool(const json& obj, const std::string& ptr, const char* key, bool* out) {
    const json* v = Member(obj, ptr, key, false);
    if (!v) return;
    if (v->is_boolean())
      *out = v->get<bool>();
    else
      Error(ptr + "/" + key, "expected true or false, got " + std::string(v->type_name()));
  }

  // A string; null reads as "" when `nullable`.
  void String(const json& obj, const std::string& ptr, const char* key, std::string* out,
              bool nullable = false) {
    const json* v = Member(obj, ptr, key, true);
    if (!v) return;
    if (v->is_string())
      *out = v->get<std::string>();
    else if (nullable && v->is_null())
      out->clear();
    else
      Error(ptr + "/" + key, "expected a string, got " + std::string(v->type_name()));
  }

  void Strings(const json& obj, const std::string& ptr, const char* key,
               std::vector<std::string>* out) {
    const json* v = Member(obj, ptr, key, false);
    if (!v) return;
    if (!v->is_array()) {
      Error(ptr + "/" + key, "expected an array of strings, got " + std::string(v->type_name()));
      return;
    }
    for (size_t i = 0; i < v->size(); ++i) {
      if ((*v)[i].is_string())
        out->push_back((*v)[i].get<std::string>());
      else
        Error(fmt::format("{}/{}/{}", ptr, key, i), "expected a string");
    }
  }

  void Error(const std::string& ptr, const std::string& message) {
    errors_ += fmt::format("{}{}: {}: {}", errors_.empty() ? "" : "\n", path_,
                           ptr.empty() ? "/" : ptr, message);
  }
  const std::string& errors() const { return errors_; }

 private:
  std::string path_;
  std::string errors_;
};

// One plan.report/v1 candidate object at `ptr`, and the top-level "slo" echo of `doc`.
CandidateRow ReadCandidate(JsonIn& in, const nlohmann::json& j, const std::string& ptr);
void ReadSlo(JsonIn& in, const nlohmann::json& doc, SloSpec* slo);
// The object SearchConfigToJson writes ("name" is derived, not read).
SearchConfig ReadSearchConfig(JsonIn& in, const nlohmann::json& j, const std::string& ptr);

}  // namespace plan
