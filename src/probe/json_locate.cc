#include "probe/json_locate.h"

#include <cctype>
#include <vector>

namespace plan {

namespace {

class Scanner {
 public:
  explicit Scanner(const std::string& t) : t_(t) {}

  void Ws() {
    while (p_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[p_]))) ++p_;
  }
  // At a '"': the raw characters between the quotes (escapes kept), positioned after them.
  std::string String() {
    std::string out;
    ++p_;
    while (p_ < t_.size() && t_[p_] != '"') {
      if (t_[p_] == '\\' && p_ + 1 < t_.size()) out.push_back(t_[p_++]);
      out.push_back(t_[p_++]);
    }
    ++p_;
    return out;
  }
  void Value() {
    Ws();
    if (p_ >= t_.size()) return;
    if (t_[p_] == '"') {
      String();
    } else if (t_[p_] == '{' || t_[p_] == '[') {
      int depth = 0;
      while (p_ < t_.size()) {
        const char c = t_[p_];
        if (c == '"') {
          String();
          continue;
        }
        ++p_;
        if (c == '{' || c == '[') ++depth;
        if ((c == '}' || c == ']') && --depth == 0) return;
      }
    } else {
      while (p_ < t_.size() && t_[p_] != ',' && t_[p_] != '}' && t_[p_] != ']' &&
             !std::isspace(static_cast<unsigned char>(t_[p_])))
        ++p_;
    }
  }
  // From a container's start, moves to the value under `token`; false (not moved) if absent.
  bool Enter(const std::string& token) {
    const size_t start = p_;
    if (t_[p_] == '{') {
      ++p_;
      for (Ws(); p_ < t_.size() && t_[p_] == '"'; Ws()) {
        const std::string key = String();
        Ws();
        ++p_;  // ':'
        Ws();
        if (key == token) return true;
        Value();
        Ws();
        if (p_ < t_.size() && t_[p_] == ',') ++p_;
      }
    } else if (t_[p_] == '[') {
      size_t index = 0;
      for (char c : token) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return (p_ = start, false);
        index = index * 10 + static_cast<size_t>(c - '0');
      }
      ++p_;
      for (size_t i = 0;; ++i) {
        Ws();
        if (p_ >= t_.size() || t_[p_] == ']') break;
        if (i == index) return true;
        Value();
        Ws();
        if (p_ < t_.size() && t_[p_] == ',') ++p_;
      }
    }
    p_ = start;
    return false;
  }
  size_t pos() const { return p_; }

 private:
  const std::string& t_;
  size_t p_ = 0;
};

// RFC 6901 tokens with ~1 and ~0 unescaped.
std::vector<std::string> Tokens(const std::string& pointer) {
  std::vector<std::string> out;
  for (size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] == '/') {
      out.emplace_back();
    } else if (!out.empty()) {
      if (pointer[i] == '~' && i + 1 < pointer.size()) {
        out.back().push_back(pointer[i + 1] == '1' ? '/' : '~');
        ++i;
      } else {
        out.back().push_back(pointer[i]);
      }
    }
  }
  return out;
}

}  // namespace

SourceLoc LocAt(const std::string& text, const std::string& path, size_t offset) {
  SourceLoc loc{path, 1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else {
      ++loc.column;
    }
  }
  return loc;
}

SourceLoc LocateJsonPointer(const std::string& text, const std::string& path,
                            const std::string& pointer) {
  Scanner s(text);
  s.Ws();
  for (const std::string& token : Tokens(pointer))
    if (s.pos() >= text.size() || !s.Enter(token)) break;
  return LocAt(text, path, s.pos());
}

}  // namespace plan
