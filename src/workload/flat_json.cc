#include "workload/flat_json.h"

namespace plan {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsTokenChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '+' ||
         c == '.';
}

}  // namespace

void FlatJson::SkipSpace() {
  while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
}

bool FlatJson::Fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool FlatJson::Begin() {
  SkipSpace();
  if (pos_ >= s_.size() || s_[pos_] != '{') return Fail("expected a JSON object");
  ++pos_;
  SkipSpace();
  return true;
}

bool FlatJson::ScanString(std::string_view* text) {
  size_t start = ++pos_;  // past the opening quote
  while (pos_ < s_.size()) {
    char c = s_[pos_];
    if (c == '\\') {
      pos_ += 2;
    } else if (c == '"') {
      *text = s_.substr(start, pos_ - start);
      ++pos_;
      return true;
    } else {
      ++pos_;
    }
  }
  pos_ = start - 1;
  return Fail("unclosed string");
}

bool FlatJson::NextKey(std::string_view* key) {
  if (done_ || !error_.empty()) return false;
  SkipSpace();
  if (pos_ >= s_.size()) return Fail("the object is not closed");
  if (s_[pos_] == '}') {
    ++pos_;
    SkipSpace();
    if (pos_ != s_.size()) return Fail("unexpected text after the object");
    done_ = true;
    return false;
  }
  if (had_member_) {
    if (s_[pos_] != ',') return Fail("expected ',' or '}' after the value");
    ++pos_;
    SkipSpace();
    if (pos_ >= s_.size()) return Fail("the object is not closed");
    if (s_[pos_] == '}') return Fail("expected a key after ','");
  }
  if (s_[pos_] != '"') return Fail("expected a key in double quotes");
  if (!ScanString(key)) return false;
  SkipSpace();
  if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected ':' after the key");
  ++pos_;
  SkipSpace();
  had_member_ = true;
  return true;
}

FlatJson::Kind FlatJson::Peek() {
  if (pos_ >= s_.size()) return Kind::kEnd;
  char c = s_[pos_];
  if (c == '"') return Kind::kString;
  if (c == '[') return Kind::kArray;
  if (c == '{') return Kind::kObject;
  if (c == '-' || IsDigit(c)) return Kind::kNumber;
  if (c == 't' || c == 'f' || c == 'n') return Kind::kLiteral;
  return Kind::kEnd;
}

bool FlatJson::Number(std::string_view* text) {
  if (Peek() != Kind::kNumber) return Fail("expected a number");
  size_t start = pos_;
  while (pos_ < s_.size() && IsTokenChar(s_[pos_])) ++pos_;
  *text = s_.substr(start, pos_ - start);
  return true;
}

bool FlatJson::String(std::string_view* text) {
  if (Peek() != Kind::kString) return Fail("expected a string");
  return ScanString(text);
}

bool FlatJson::IntArray(std::vector<uint64_t>* out) {
  out->clear();
  if (Peek() != Kind::kArray) return Fail("expected an array of integers");
  ++pos_;
  SkipSpace();
  if (pos_ < s_.size() && s_[pos_] == ']') {
    ++pos_;
    return true;
  }
  for (;;) {
    if (pos_ >= s_.size() || !IsDigit(s_[pos_])) return Fail("expected a non-negative integer");
    uint64_t v = 0;
    for (; pos_ < s_.size() && IsDigit(s_[pos_]); ++pos_) {
      uint64_t digit = static_cast<uint64_t>(s_[pos_] - '0');
      if (__builtin_mul_overflow(v, 10u, &v) || __builtin_add_overflow(v, digit, &v))
        return Fail("integer too large");
    }
    out->push_back(v);
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ',') {
      ++pos_;
      SkipSpace();
      continue;
    }
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    return Fail("expected ',' or ']' in the array");
  }
}

bool FlatJson::Skip() {
  Kind kind = Peek();
  if (kind == Kind::kString) {
    std::string_view ignored;
    return ScanString(&ignored);
  }
  if (kind == Kind::kNumber || kind == Kind::kLiteral) {
    while (pos_ < s_.size() && IsTokenChar(s_[pos_])) ++pos_;
    return true;
  }
  if (kind != Kind::kArray && kind != Kind::kObject) return Fail("expected a value");
  int depth = 0;
  while (pos_ < s_.size()) {
    char c = s_[pos_];
    if (c == '"') {
      std::string_view ignored;
      if (!ScanString(&ignored)) return false;
      continue;
    }
    ++pos_;
    if (c == '[' || c == '{') ++depth;
    if ((c == ']' || c == '}') && --depth == 0) return true;
  }
  return Fail("the value is not closed");
}

}  // namespace plan
