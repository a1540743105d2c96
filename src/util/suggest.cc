#include "util/suggest.h"

#include <fmt/format.h>
#include <algorithm>
#include <cstdlib>

namespace plan {

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

std::string NearestName(std::string_view name, const std::vector<std::string>& candidates) {
  // A unique candidate that contains the name ("a100" -> "a100-80gb") is the best guess.
  std::string contained;
  int hits = 0;
  for (const std::string& c : candidates) {
    if (!name.empty() && c.find(name) != std::string::npos) {
      contained = c;
      ++hits;
    }
  }
  if (hits == 1) return contained;
  const int limit = std::max<int>(2, static_cast<int>(name.size()) / 3);
  std::string best;
  int best_distance = 1 << 30;
  for (const std::string& c : candidates) {
    // The distance is at least the difference in length: such a name could not be accepted.
    const int length_gap = std::abs(static_cast<int>(c.size()) - static_cast<int>(name.size()));
    if (length_gap > limit) continue;
    int d = EditDistance(name, c);
    if (d < best_distance || (d == best_distance && c < best)) {
      best = c;
      best_distance = d;
    }
  }
  return (!best.empty() && best_distance <= limit) ? best : "";
}

std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string>& candidates) {
  std::string nearest = NearestName(name, candidates);
  if (!nearest.empty())
    return fmt::format("unknown {} '{}'; did you mean '{}'?", what, name, nearest);
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
