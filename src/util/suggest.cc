#include "util/suggest.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace plan {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// How many of `known`'s words are left over when every word of `query` is found in it, in
// order, whole or as a word's start; -1 when some word of `query` is not there.
int ExtraWords(const std::vector<std::string>& query, const std::vector<std::string>& known) {
  if (query.empty()) return -1;
  size_t k = 0;
  for (const std::string& q : query) {
    while (k < known.size() && known[k].rfind(q, 0) != 0) ++k;
    if (k == known.size()) return -1;
    ++k;
  }
  return static_cast<int>(known.size() - query.size());
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int above = row[j];
      int substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (char raw : name) {
    const unsigned char c = static_cast<unsigned char>(raw);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    if (!current.empty() &&
        (std::isdigit(c) != 0) != (std::isdigit(static_cast<unsigned char>(current.back())) != 0))
      flush();
    current.push_back(static_cast<char>(std::tolower(c)));
  }
  flush();
  return tokens;
}

namespace {

bool IsNumber(const std::string& word) {
  return !word.empty() && std::isdigit(static_cast<unsigned char>(word[0])) != 0;
}

// Whether query[q...] is found in known[k...] as MatchesWords says; `started` once query[0] is.
bool WordsFrom(const std::vector<std::string>& query, size_t q,
               const std::vector<std::string>& known, size_t k, bool started) {
  if (q == query.size()) return true;
  for (size_t j = k; j < known.size(); ++j) {
    if (known[j].rfind(query[q], 0) == 0 && WordsFrom(query, q + 1, known, j + 1, true))
      return true;
    if (started && IsNumber(known[j])) return false;  // "3.1" never skips the 2 of "3.2-1b"
  }
  return false;
}

}  // namespace

bool MatchesWords(std::string_view query, std::string_view name) {
  const std::vector<std::string> words = NameTokens(query);
  return !words.empty() && WordsFrom(words, 0, NameTokens(name), 0, false);
}

std::vector<std::string> NearestNames(std::string_view name,
                                      const std::vector<std::string>& candidates, size_t max) {
  const std::string lower = Lower(name);
  for (const std::string& c : candidates)
    if (Lower(c) == lower) return {c};

  const std::vector<std::string> query = NameTokens(name);
  std::vector<std::pair<int, size_t>> holding;  // (extra words, index)
  for (size_t i = 0; i < candidates.size(); ++i) {
    const int extra = ExtraWords(query, NameTokens(candidates[i]));
    if (extra >= 0) holding.emplace_back(extra, i);
  }
  std::vector<std::string> out;
  if (!holding.empty()) {
    std::stable_sort(holding.begin(), holding.end());
    for (size_t i = 0; i < holding.size() && out.size() < max; ++i)
      out.push_back(candidates[holding[i].second]);
    return out;
  }

  const int limit = std::max<int>(2, static_cast<int>(name.size()) / 3);
  int best = limit + 1;
  for (const std::string& c : candidates) {
    // The distance is at least the difference in length: such a name could not be accepted.
    const int length_gap = std::abs(static_cast<int>(c.size()) - static_cast<int>(name.size()));
    if (length_gap > limit) continue;
    const int d = EditDistance(lower, Lower(c));
    if (d > limit) continue;
    if (d < best) {
      best = d;
      out.clear();
    }
    if (d == best) out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  if (out.size() > max) out.resize(max);
  return out;
}

std::string NearestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::vector<std::string> nearest = NearestNames(name, candidates, 1);
  return nearest.empty() ? "" : nearest[0];
}

std::string QuotedChoices(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += fmt::format("'{}'", names[i]);
  }
  return out;
}

std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string>& candidates) {
  const std::vector<std::string> nearest = NearestNames(name, candidates);
  if (!nearest.empty())
    return fmt::format("unknown {} '{}'; did you mean {}?", what, name, QuotedChoices(nearest));
  if (candidates.empty()) return fmt::format("unknown {} '{}'", what, name);
  std::vector<std::string> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  constexpr size_t kMaxListed = 12;
  std::string listed;
  for (size_t i = 0; i < sorted.size() && i < kMaxListed; ++i)
    listed += (i ? ", " : "") + sorted[i];
  if (sorted.size() > kMaxListed) listed += ", ...";
  return fmt::format("unknown {} '{}' (known: {})", what, name, listed);
}

}  // namespace plan
