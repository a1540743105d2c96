#include "probe/prompt.h"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace plan {

namespace {

// Common words that tokenizers keep whole.
constexpr const char* kWords[] = {
    "the",  "of",    "and",  "to",    "in",    "is",    "that",   "for",   "it",      "as",
    "was",  "with",  "be",   "by",    "on",    "not",   "he",     "this",  "are",     "or",
    "his",  "from",  "at",   "which", "but",   "have",  "an",     "had",   "they",    "you",
    "were", "their", "one",  "all",   "we",    "can",   "her",    "has",   "there",   "been",
    "if",   "more",  "when", "will",  "would", "who",   "so",     "no",    "time",    "people",
    "year", "way",   "day",  "man",   "thing", "world", "life",   "hand",  "part",    "child",
    "eye",  "place", "work", "week",  "case",  "point", "number", "group", "problem", "fact"};
constexpr size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back().push_back(c);
  }
  return out;
}

bool ToNumber(const std::string& s, double* out) {
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, *out);
  return ec == std::errc() && ptr == end && std::isfinite(*out);
}

}  // namespace

Result<PromptLengths> PromptLengths::Parse(const std::string& text, const std::string& flag) {
  const std::string usage =
      fmt::format("{} '{}': expected N, uniform:LO:HI or lognormal:MEDIAN:SIGMA", flag, text);
  std::vector<std::string> parts = Split(text, ':');
  PromptLengths p;
  double x = 0, y = 0;
  if (parts.size() == 1) {
    if (!ToNumber(parts[0], &x) || x < 1 || x != std::floor(x) || x > kMaxPromptTokens)
      return Status::Invalid(fmt::format("{} '{}': expected a whole number of tokens in 1..{}",
                                         flag, text, kMaxPromptTokens));
    p.kind = Kind::kFixed;
    p.a = x;
    return p;
  }
  if (parts.size() != 3 || !ToNumber(parts[1], &x) || !ToNumber(parts[2], &y))
    return Status::Invalid(usage);
  p.a = x;
  p.b = y;
  if (parts[0] == "uniform") {
    p.kind = Kind::kUniform;
    if (x < 1 || y < x || x != std::floor(x) || y != std::floor(y) || y > kMaxPromptTokens)
      return Status::Invalid(fmt::format("{} '{}': uniform needs whole numbers 1 <= LO <= HI <= {}",
                                         flag, text, kMaxPromptTokens));
    return p;
  }
  if (parts[0] == "lognormal") {
    p.kind = Kind::kLogNormal;
    if (x < 1 || y < 0)
      return Status::Invalid(
          fmt::format("{} '{}': lognormal needs MEDIAN >= 1 and SIGMA >= 0", flag, text));
    return p;
  }
  return Status::Invalid(usage);
}

int64_t PromptLengths::Draw(Rng& rng) const {
  double v = a;
  if (kind == Kind::kUniform)
    v = a + static_cast<double>(rng.Below(static_cast<uint64_t>(b - a) + 1));
  if (kind == Kind::kLogNormal) v = std::round(rng.LogNormal(a, b));
  return std::clamp<int64_t>(static_cast<int64_t>(v), 1, kMaxPromptTokens);
}

std::string PromptLengths::ToString() const {
  switch (kind) {
    case Kind::kFixed:
      return fmt::format("{}", a);
    case Kind::kUniform:
      return fmt::format("uniform:{}:{}", a, b);
    case Kind::kLogNormal:
      return fmt::format("lognormal:{}:{}", a, b);
  }
  return "";
}

std::string SyntheticPrompt(int64_t tokens, Rng& rng) {
  std::string out;
  out.reserve(static_cast<size_t>(tokens) * 6);
  for (int64_t i = 0; i < tokens; ++i) {
    if (i) out.push_back(' ');
    out += kWords[rng.Below(kWordCount)];
  }
  return out;
}

}  // namespace plan
