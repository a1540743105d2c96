// "Did you mean": the known names nearest to a misspelt one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plan {

// Levenshtein distance, case-sensitive.
int EditDistance(std::string_view a, std::string_view b);

// The words a name is made of, lower-cased: split at every character that is not a letter or a
// digit and between letters and digits ("Llama3.1-8B" -> llama 3 1 8 b).
std::vector<std::string> NameTokens(std::string_view name);

// True when `name` holds every word of `query` in order, each whole or as the start of a word,
// without case, with no number between two of them: "llama-3.1-8b" matches
// "meta-llama/Meta-Llama-3.1-8B-Instruct" and "llama-v3p1-8b-instruct", "llama-3.1" does not
// match "llama-3.2-1b". A query without words matches nothing. (A filter's test: stricter than
// NearestNames' tier 2, which ranks suggestions.)
bool MatchesWords(std::string_view query, std::string_view name);

// Up to `max` known names close to `name`, best first, or none when nothing is a plausible
// match. Names are compared without case, word by word, in three tiers:
//   1. the same name in another case ("vLLM" -> "vllm"): that one alone;
//   2. names holding every word of `name` in order, each whole or as the start of a word
//      ("h100" -> "h100-sxm", "llama3.1-8b" -> "llama-3.1-8b-instruct", "claude-haiku-4-5" ->
//      "anthropic/claude-haiku-4-5"): fewest other words first, then in the order given (a
//      catalog lists the usual choice first: h100-sxm before h100-pcie);
//   3. otherwise the names at the least edit distance, if it is at most max(2, length/3)
//      (ties alphabetical).
std::vector<std::string> NearestNames(std::string_view name,
                                      const std::vector<std::string>& candidates, size_t max = 3);

// The best of NearestNames, or "".
std::string NearestName(std::string_view name, const std::vector<std::string>& candidates);

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'".
std::string QuotedChoices(const std::vector<std::string>& names);

// "unknown <what> 'name'; did you mean 'x' or 'y'?" or "unknown <what> 'name' (known: a, b, c)".
std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string>& candidates);

}  // namespace plan
