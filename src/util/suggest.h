// "Did you mean": the nearest known name to a misspelt one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plan {

// Levenshtein distance, case-sensitive.
int EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `name`, or "" when none is close enough to be a plausible typo
// (distance at most max(2, len/3)). A name contained in exactly one candidate picks that one.
std::string NearestName(std::string_view name, const std::vector<std::string>& candidates);

// "unknown <what> 'name'; did you mean 'x'?" or "unknown <what> 'name' (known: a, b, c)".
std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string>& candidates);

}  // namespace plan
