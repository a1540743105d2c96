// Every man page against the CLI it documents, driven by the command table (cli/commands.cc):
// each flag a command's --help lists (its subcommands' too) appears on its page, and each flag a
// page names exists for the command it is named with. A flag belongs to the page's command
// unless the line names another ("plan simulate ... -o base.json" in plan-diff.1), or, in a
// line continued from one that did, to that one; in plan(1) a COMMANDS entry's heading line
// belongs to the command it names, the rest to plan itself.
#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "testing/run_cli.h"
#include "util/files.h"

namespace plan {
namespace {

// Flags a page names that are not plan's: another program's, or notation.
const std::set<std::pair<std::string, std::string>> kNotPlanFlags = {
    {"plan-probe.1", "--max-concurrency"},  // vLLM's benchmark_serving, which the probe mirrors
    {"plan-diff.1", "-N"},                  // the threshold grammar's "+N | -N"
    {"plan-completion.1", "--install"},     // cmake --install
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The first word of each line CLI11's help indents by exactly two spaces (an option, a
// positional or a subcommand), with the section it is in ("Options:", "Subcommands:", ...).
std::vector<std::pair<std::string, std::string>> HelpEntries(const std::string& help) {
  std::vector<std::pair<std::string, std::string>> entries;
  std::string section;
  for (const std::string& line : Lines(help)) {
    if (!line.empty() && line[0] != ' ') section = line;
    if (line.size() > 2 && line.compare(0, 2, "  ") == 0 && line[2] != ' ')
      entries.push_back({section, line.substr(2, line.find(' ', 2) - 2)});
  }
  return entries;
}

std::vector<std::string> HelpSubcommands(const std::string& help) {
  std::vector<std::string> subs;
  for (const auto& [section, word] : HelpEntries(help))
    if (section == "Subcommands:") subs.push_back(word);
  return subs;
}

// Every flag name the help lists, in any option group ("-o,--output" gives both), without -h.
std::set<std::string> HelpFlags(const std::string& help) {
  std::set<std::string> flags;
  for (const auto& [section, word] : HelpEntries(help)) {
    if (word[0] != '-') continue;
    std::istringstream in(word);
    for (std::string name; std::getline(in, name, ',');)
      if (name != "-h" && name != "--help") flags.insert(name);
  }
  return flags;
}

std::string Help(std::vector<std::string> path) {
  path.push_back("--help");
  test::CliRun r = test::RunCli(path);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// The flags `plan <path> --help` lists, and those of every subcommand below it.
void CollectFlags(const std::vector<std::string>& path, std::set<std::string>* flags) {
  const std::string help = Help(path);
  const std::set<std::string> own = HelpFlags(help);
  flags->insert(own.begin(), own.end());
  for (const std::string& sub : HelpSubcommands(help)) {
    std::vector<std::string> below = path;
    below.push_back(sub);
    CollectFlags(below, flags);
  }
}

std::set<std::string> CommandFlags(const std::string& command) {
  std::set<std::string> flags;
  CollectFlags({command}, &flags);
  return flags;
}

std::string ManPath(const std::string& page) {
  return std::string(PLAN_SOURCE_DIR) + "/man/" + page;
}

std::string ReadManPage(const std::string& page) {
  Result<std::string> text = ReadFile(ManPath(page));
  REQUIRE(text.ok());
  return *text;
}

// Troff as plain text: \- is a hyphen, font changes (\fB \fI \fR \fP) vanish, \(em is a space.
std::string Untroff(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[i + 1];
      if (c == '-') {
        out += '-';
        ++i;
        continue;
      }
      if (c == 'f' && i + 2 < s.size()) {
        i += 2;
        continue;
      }
      if (c == '(' && i + 3 < s.size()) {
        out += ' ';
        i += 3;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct NamedFlag {
  int line;
  std::string command;  // "" for plan itself
  std::string flag;
};

struct Word {
  size_t end;
  std::string text;
};

std::vector<Word> Words(const std::string& line) {
  std::vector<Word> words;
  for (size_t i = 0; i < line.size();) {
    if (std::isspace(static_cast<unsigned char>(line[i]))) {
      ++i;
      continue;
    }
    size_t j = line.find_first_of(" \t", i);
    if (j == std::string::npos) j = line.size();
    words.push_back({j, line.substr(i, j - i)});
    i = j;
  }
  return words;
}

// Every flag on a page ("-x" or "--long-name" standing alone, not inside a word or "-N%"), with
// the command it is named with.
std::vector<NamedFlag> PageFlags(const std::string& page_text, const std::string& page_command,
                                 const std::set<std::string>& commands) {
  std::vector<NamedFlag> named;
  std::string carried;  // the command a continued line goes on with
  bool continued = false;
  int number = 0;
  for (const std::string& raw : Lines(page_text)) {
    ++number;
    const std::string line = Untroff(raw);
    std::string command = continued ? carried : page_command;
    const std::vector<Word> words = Words(line);
    if (page_command.empty() && words.size() >= 2 && words[0].text == ".B" &&
        commands.count(words[1].text))
      command = words[1].text;  // a COMMANDS heading in plan(1)
    // Where the line switches to another command: just after "plan <command>".
    std::map<size_t, std::string> switches;
    for (size_t w = 0; w + 1 < words.size(); ++w)
      if (words[w].text == "plan" && commands.count(words[w + 1].text))
        switches[words[w + 1].end] = words[w + 1].text;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '-' || (i > 0 && (IsWordChar(line[i - 1]) || line[i - 1] == '-'))) continue;
      size_t j = i + 1;
      if (j < line.size() && line[j] == '-') ++j;
      if (j >= line.size() || !std::isalpha(static_cast<unsigned char>(line[j]))) continue;
      while (j < line.size() && (IsWordChar(line[j]) || line[j] == '-')) ++j;
      if (j < line.size() && line[j] == '%') continue;
      std::string at = command;
      for (const auto& [end, name] : switches)
        if (end <= i) at = name;
      named.push_back({number, at, line.substr(i, j - i)});
      i = j;
    }
    carried = switches.empty() ? command : switches.rbegin()->second;
    continued = raw.size() >= 2 && raw.compare(raw.size() - 2, 2, "\\\\") == 0;
  }
  return named;
}

std::set<std::string> CommandNames() {
  std::set<std::string> names;
  for (const CommandSpec& spec : Commands()) names.insert(spec.name);
  return names;
}

}  // namespace

TEST_CASE("Every command in the table has a man page, and every page a command", "[cli][man]") {
  const std::string plan_page = ReadManPage("plan.1");
  std::set<std::string> pages;
  for (const CommandSpec& spec : Commands()) {
    const std::string page = std::string("plan-") + spec.name + ".1";
    pages.insert(page);
    INFO(page);
    REQUIRE(std::filesystem::exists(ManPath(page)));
    std::string title = std::string(".TH PLAN-") + spec.name + " 1 ";
    for (char& c : title) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(ReadManPage(page).rfind(title, 0) == 0);
    CHECK(plan_page.find(std::string("\\fBplan-") + spec.name + "\\fR(1)") != std::string::npos);
  }
  for (const auto& entry : std::filesystem::directory_iterator(ManPath(""))) {
    const std::string name = entry.path().filename().string();
    if (name != "plan.1") CHECK(pages.count(name) == 1);
  }
}

TEST_CASE("Every subcommand of a command is on its man page and in plan(1)", "[cli][man]") {
  const std::vector<std::string> plan_lines = Lines(Untroff(ReadManPage("plan.1")));
  for (const CommandSpec& spec : Commands()) {
    // plan(1)'s COMMANDS heading for it: ".B <name> ...".
    std::string heading;
    for (const std::string& line : plan_lines)
      if (line.rfind(std::string(".B ") + spec.name + " ", 0) == 0) heading = line;
    INFO(spec.name << ": '" << heading << "'");
    CHECK_FALSE(heading.empty());
    const std::string page = Untroff(ReadManPage(std::string("plan-") + spec.name + ".1"));
    for (const std::string& sub : HelpSubcommands(Help({spec.name}))) {
      INFO("subcommand " << sub);
      CHECK(page.find(std::string("plan ") + spec.name + " " + sub) != std::string::npos);
      CHECK(heading.find(sub) != std::string::npos);
    }
  }
}

TEST_CASE("Every flag a command accepts is on its man page", "[cli][man]") {
  const std::set<std::string> commands = CommandNames();
  for (const CommandSpec& spec : Commands()) {
    const std::string page = std::string("plan-") + spec.name + ".1";
    std::set<std::string> documented;
    for (const NamedFlag& f : PageFlags(ReadManPage(page), spec.name, commands))
      if (f.command == spec.name) documented.insert(f.flag);
    const std::set<std::string> accepted = CommandFlags(spec.name);
    CHECK_FALSE(accepted.empty());
    for (const std::string& flag : accepted) {
      INFO(page << " lacks " << flag);
      CHECK(documented.count(flag) == 1);
    }
  }
  // plan's own options, on plan(1).
  std::set<std::string> global;
  for (const NamedFlag& f : PageFlags(ReadManPage("plan.1"), "", commands))
    if (f.command.empty()) global.insert(f.flag);
  std::set<std::string> own = HelpFlags(Help({}));
  own.insert({"-h", "--help"});
  for (const std::string& flag : own) {
    INFO("plan.1 lacks " << flag);
    CHECK(global.count(flag) == 1);
  }
}

TEST_CASE("Every flag a man page names exists for the command it is named with", "[cli][man]") {
  const std::set<std::string> commands = CommandNames();
  std::map<std::string, std::set<std::string>> accepted;
  for (const std::string& c : commands) accepted[c] = CommandFlags(c);
  std::set<std::string> global = HelpFlags(Help({}));  // plan's own options, valid anywhere
  global.insert({"-h", "--help"});
  std::vector<std::pair<std::string, std::string>> pages = {{"plan.1", ""}};
  for (const std::string& c : commands) pages.push_back({"plan-" + c + ".1", c});
  for (const auto& [page, command] : pages) {
    for (const NamedFlag& f : PageFlags(ReadManPage(page), command, commands)) {
      if (global.count(f.flag) || kNotPlanFlags.count({page, f.flag})) continue;
      INFO(page << ":" << f.line << ": " << f.flag << " is not a flag of plan "
                << (f.command.empty() ? "itself" : f.command));
      CHECK((!f.command.empty() && accepted[f.command].count(f.flag) == 1));
    }
  }
}

TEST_CASE("The man-page reader finds flags and the command they belong to", "[cli][man]") {
  const std::set<std::string> commands = {"simulate", "diff"};
  const std::string page =
      ".BI \\-o, \\-\\-output \" OUT\"\n"                         // 1
      "\\fB\\-\\-fail\\-on\\fR; a \\-5% change, x\\-y, \\-\\-\n"  // 2
      "plan simulate s.toml \\-f json \\-o base.json \\\\\n"      // 3
      "    \\-\\-seed 3\n"                                        // 4
      "then \\-\\-warn\\-on again\n";                             // 5
  std::vector<std::string> found;
  for (const NamedFlag& f : PageFlags(page, "diff", commands))
    found.push_back(std::to_string(f.line) + " " + f.command + " " + f.flag);
  CHECK(found == std::vector<std::string>{"1 diff -o", "1 diff --output", "2 diff --fail-on",
                                          "3 simulate -f", "3 simulate -o", "4 simulate --seed",
                                          "5 diff --warn-on"});
}

}  // namespace plan
