// The files README.md and the man pages send readers to exist in a fresh clone.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "util/files.h"

namespace plan {
namespace {

// Every "scenarios/NAME.toml" and "catalog/NAME.{toml,txt}" the text names as a path from the
// repository's root (not "my-catalog/offers.toml").
std::set<std::string> RepoPaths(const std::string& text) {
  static const std::regex path(
      R"((?:^|[^A-Za-z0-9_./\-])((?:scenarios|catalog)/[A-Za-z0-9_.\-]+\.(?:toml|txt)))");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), path); it != std::sregex_iterator();
       ++it)
    out.insert((*it)[1].str());
  return out;
}

TEST_CASE("Every scenario and catalog file the README and man pages name exists", "[cli]") {
  const std::string root = PLAN_SOURCE_DIR;
  std::vector<std::string> docs = {root + "/README.md"};
  for (const auto& entry : std::filesystem::directory_iterator(root + "/man"))
    docs.push_back(entry.path().string());
  int named = 0;
  for (const std::string& doc : docs) {
    Result<std::string> text = ReadFile(doc);
    REQUIRE(text.ok());
    // troff escapes hyphens; the paths are compared unescaped.
    const std::string plain = std::regex_replace(*text, std::regex(R"(\\-)"), "-");
    for (const std::string& p : RepoPaths(plain)) {
      INFO(doc << " names " << p);
      CHECK(std::filesystem::exists(root + "/" + p));
      ++named;
    }
  }
  CHECK(named > 10);
}

}  // namespace
}  // namespace plan
