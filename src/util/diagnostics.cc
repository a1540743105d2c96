#include "util/diagnostics.h"

#include <fmt/format.h>

namespace plan {

std::string SourceLoc::ToString() const {
  if (line <= 0) return path;
  if (column <= 0) return fmt::format("{}:{}", path, line);
  return fmt::format("{}:{}:{}", path, line, column);
}

void Diagnostics::AddSource(const std::string& path, std::string text) {
  sources_[path] = std::move(text);
}

void Diagnostics::Error(const SourceLoc& loc, std::string message) {
  errors_.push_back({loc, std::move(message)});
}

namespace {

// The 1-based line `line` of `text`, without its newline; empty when out of range.
std::string LineOf(const std::string& text, int line) {
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  size_t end = text.find('\n', start);
  std::string out = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

}  // namespace

std::string Diagnostics::Render() const {
  std::string out;
  for (const Diagnostic& d : errors_) {
    if (!out.empty()) out += '\n';
    out += fmt::format("{}: {}", d.loc.ToString(), d.message);
    auto it = sources_.find(d.loc.path);
    if (it == sources_.end() || d.loc.line <= 0) continue;
    std::string text = LineOf(it->second, d.loc.line);
    if (text.empty()) continue;
    // The line as written, but never a control character that would drive the terminal.
    std::string shown;
    for (char c : text) shown += (static_cast<unsigned char>(c) < 0x20 && c != '\t') ? '?' : c;
    out += fmt::format("\n  {}", shown);
    if (d.loc.column > 0) {
      // Columns count characters: a multi-byte UTF-8 character takes one space.
      std::string pad;
      int col = 1;
      for (size_t i = 0; i < text.size() && col < d.loc.column; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0u) == 0x80u) continue;
        pad += text[i] == '\t' ? '\t' : ' ';
        ++col;
      }
      out += fmt::format("\n  {}^", pad);
    }
  }
  return out;
}

Status Diagnostics::ToStatus() const {
  if (errors_.empty()) return Status::Ok();
  return Status::Invalid(Render());
}

}  // namespace plan
