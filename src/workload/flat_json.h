// A small pull parser for one flat JSON object per line (JSONL traces): members whose values
// are numbers, strings, literals or arrays of integers. Nested values can be skipped. It
// allocates nothing; keys and strings are views into the line with escapes left as they are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plan {

class FlatJson {
 public:
  enum class Kind { kNumber, kString, kArray, kObject, kLiteral, kEnd };

  explicit FlatJson(std::string_view line) : s_(line) {}

  // Consumes "{". False (with error()) when the line is not an object.
  bool Begin();
  // The next member's key, consuming `"key":`. False at the closing "}" (then done() is true)
  // or on a syntax error.
  bool NextKey(std::string_view* key);
  // What the current member's value is, without consuming it.
  Kind Peek();

  // Each consumes the current value; false (with error()) when it has another kind.
  bool Number(std::string_view* text);        // the number's text, e.g. "-1.5e3"
  bool String(std::string_view* text);        // the contents between the quotes
  bool IntArray(std::vector<uint64_t>* out);  // non-negative integers; `out` is cleared first
  bool Skip();                                // any value, nested ones included

  bool done() const { return done_; }
  const std::string& error() const { return error_; }
  // 1-based column of the current position (of the value after NextKey).
  int64_t col() const { return static_cast<int64_t>(pos_) + 1; }

 private:
  void SkipSpace();
  bool Fail(std::string message);
  bool ScanString(std::string_view* text);

  std::string_view s_;
  size_t pos_ = 0;
  bool done_ = false;
  bool had_member_ = false;  // a separator must come before the next key
  std::string error_;
};

}  // namespace plan
