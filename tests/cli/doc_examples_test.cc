// The commands the README and the man pages quote run as quoted (issue 12): every README block
// that starts with "$ plan ..." prints exactly what follows it, and every example line of a man
// page's EXAMPLES that needs nothing from outside the repository exits 0.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

const std::string kRoot = PLAN_SOURCE_DIR;

// Splits a command line on spaces; '...' quotes a word.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> out;
  std::string word;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '\'') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) out.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) out.push_back(word);
  return out;
}

// A path into the repository ("scenarios/x.toml"), else "".
std::string RepoFile(const std::string& word) {
  for (const char* dir : {"scenarios/", "catalog/", "traces/"})
    if (word.rfind(dir, 0) == 0) return kRoot + "/" + word;
  return "";
}

}  // namespace

TEST_CASE("Every '$ plan' block in the README prints what the README shows", "[docs]") {
  Result<std::string> readme = ReadFile(kRoot + "/README.md");
  REQUIRE(readme.ok());
  int checked = 0;
  size_t at = 0;
  while ((at = readme->find("```\n$ plan ", at)) != std::string::npos) {
    const size_t command_start = at + 11;  // past "```\n$ plan "
    const size_t command_end = readme->find('\n', command_start);
    const size_t block_end = readme->find("```", command_end);
    const std::string command = readme->substr(command_start, command_end - command_start);
    const std::string shown = readme->substr(command_end + 1, block_end - command_end - 1);
    at = block_end;
    std::vector<std::string> args = Words(command);
    bool runnable = true;
    for (std::string& a : args) {
      if (a.size() > 5 && a.compare(a.size() - 5, 5, ".toml") == 0) {
        a = RepoFile(a);
        runnable = runnable && !a.empty() && std::filesystem::exists(a);
      }
    }
    if (!runnable) continue;  // an illustration (bad.toml), not a file of the repository
    INFO("README: $ plan " << command);
    test::CliRun r = test::RunCli(args);
    CHECK(r.out + r.err == shown);
    ++checked;
  }
  CHECK(checked == 10);  // default, spot-batch, embeddings, serverless-bursty, lora-adapters,
                         // multi-turn-agent, api-vs-selfhost, compare-all, on-device, hipaa
}

TEST_CASE("Every man page example that needs nothing from outside runs", "[docs]") {
  test::ScratchDir dir;
  std::set<std::string> made;  // files earlier examples wrote, by the name the pages use
  int ran = 0, skipped = 0;
  std::vector<std::filesystem::path> pages;
  for (const auto& entry : std::filesystem::directory_iterator(kRoot + "/man"))
    pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());
  for (const auto& page : pages) {
    Result<std::string> text = ReadFile(page.string());
    REQUIRE(text.ok());
    const size_t examples = text->find(".SH EXAMPLES\n");
    if (examples == std::string::npos) continue;
    const size_t end = text->find("\n.SH ", examples + 1);
    std::string body = text->substr(examples, end - examples);
    body = std::regex_replace(body, std::regex(R"(\\-)"), "-");
    size_t pos = 0;
    while (pos < body.size()) {
      size_t eol = body.find('\n', pos);
      if (eol == std::string::npos) eol = body.size();
      std::string line = body.substr(pos, eol - pos);
      pos = eol + 1;
      if (line.rfind("plan ", 0) != 0) continue;
      if (const size_t comment = line.find("  #"); comment != std::string::npos)
        line.resize(comment);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      // Pipelines, continuations, background jobs and shell expansions need a shell.
      if (line.find_first_of("\\&|>$*~") != std::string::npos) {
        ++skipped;
        continue;
      }
      std::vector<std::string> args = Words(line.substr(5));
      // fidelity --fit refits every pair (tens of seconds): the calibration suite covers it.
      if (std::find(args.begin(), args.end(), "--fit") != args.end()) {
        ++skipped;
        continue;
      }
      bool runnable = args[0] != "probe";  // a live endpoint
      for (size_t i = 0; i < args.size() && runnable; ++i) {
        std::string& a = args[i];
        const bool output = i > 0 && (args[i - 1] == "-o" || args[i - 1] == "--output");
        if (output) {
          made.insert(a);
          a = dir.File(std::filesystem::path(a).filename().string());
        } else if (!RepoFile(a).empty()) {
          a = RepoFile(a);
        } else if (made.count(a)) {
          a = dir.File(std::filesystem::path(a).filename().string());
        } else if (a.find('.') != std::string::npos && a[0] != '-' &&
                   (a.find(".json") != std::string::npos || a.find(".toml") != std::string::npos ||
                    a.find(".csv") != std::string::npos || a.rfind("./", 0) == 0)) {
          runnable = false;  // an input the reader brings (a probe, a price list, a trace)
        }
      }
      if (!runnable) {
        ++skipped;
        continue;
      }
      INFO(page.filename().string() << ": " << line);
      test::CliRun r = test::RunCli(args);
      // plan fidelity exits 3 only when an error passes its tolerance: CI runs it for that.
      CHECK(r.exit_code == 0);
      ++ran;
    }
  }
  CHECK(ran >= 30);
  CHECK(skipped <= 25);
}

}  // namespace plan
