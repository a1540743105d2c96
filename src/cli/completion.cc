#include "cli/completion.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>

#include "cli/command.h"

namespace plan {

namespace {

// The values a validator's "{a,b,c}" description lists (IsMember's, Choices'), else none.
std::vector<std::string> DeclaredValues(CLI::Option* opt) {
  for (int i = 0;; ++i) {
    const CLI::Validator* v = nullptr;
    try {
      v = opt->get_validator(i);
    } catch (const CLI::OptionNotFound&) {
      return {};
    }
    const std::string d = v->get_description();
    if (d.size() < 2 || d.front() != '{' || d.back() != '}') continue;
    std::vector<std::string> out;
    size_t at = 1;
    for (size_t comma; (comma = d.find(',', at)) != std::string::npos; at = comma + 1)
      out.push_back(d.substr(at, comma - at));
    out.push_back(d.substr(at, d.size() - 1 - at));
    return out;
  }
}

CompletionNode NodeOf(CLI::App& app) {
  CompletionNode node;
  node.name = app.get_name();
  node.summary = app.get_description();
  for (CLI::Option* opt : app.get_options()) {
    std::vector<std::string> flags;
    for (const std::string& s : opt->get_snames()) flags.push_back("-" + s);
    for (const std::string& l : opt->get_lnames()) flags.push_back("--" + l);
    node.flags.insert(node.flags.end(), flags.begin(), flags.end());
    std::vector<std::string> values = DeclaredValues(opt);
    if (!values.empty()) node.values.push_back({flags, std::move(values)});
  }
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    node.subcommands.push_back(NodeOf(*sub));
  return node;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> Names(const std::vector<CompletionNode>& nodes) {
  std::vector<std::string> out;
  for (const CompletionNode& n : nodes) out.push_back(n.name);
  return out;
}

// fish quotes: single quotes, a quote or backslash escaped.
std::string FishQuoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// One line per flag; a flag that takes declared values offers them (-xa), and a positional's
// values complete the command's words.
void FishFlags(const CompletionNode& node, const std::string& condition, std::string* out) {
  for (const std::string& f : node.flags) {
    const bool is_long = f.rfind("--", 0) == 0;
    std::string values;
    for (const CompletionNode::Values& v : node.values)
      if (std::find(v.flags.begin(), v.flags.end(), f) != v.flags.end())
        values = " -xa " + FishQuoted(Join(v.values));
    *out += fmt::format("complete -c plan -n {} {} {}{}\n", FishQuoted(condition),
                        is_long ? "-l" : "-s", f.substr(is_long ? 2 : 1), values);
  }
  for (const CompletionNode::Values& v : node.values)
    if (v.flags.empty())
      *out += fmt::format("complete -c plan -n {} -a {}\n", FishQuoted(condition),
                          FishQuoted(Join(v.values)));
}

}  // namespace

CompletionNode CommandTree() {
  CLI::App app{"plan", "plan"};
  app.set_version_flag("--version", "");
  GlobalOptions global;
  app.add_option("--catalog", global.catalog_dirs, "");
  for (const CommandSpec& spec : Commands())
    spec.setup(app.add_subcommand(spec.name, spec.summary), &global);
  return NodeOf(app);
}

const std::vector<std::string>& CompletionShells() {
  static const std::vector<std::string> shells = {"bash", "zsh", "fish"};
  return shells;
}

// What a command's case adds to `words`: the values of the option just typed (prev) and of its
// positional, e.g. `; case "$prev" in -f|--format) values="table json" ;; esac`.
std::string BashValues(const CompletionNode& node) {
  std::string flags, positional;
  for (const CompletionNode::Values& v : node.values) {
    if (v.flags.empty()) {
      positional = fmt::format("; positional=\"{}\"", Join(v.values));
      continue;
    }
    std::string names;
    for (const std::string& f : v.flags) names += (names.empty() ? "" : "|") + f;
    flags += fmt::format(" {}) values=\"{}\" ;;", names, Join(v.values));
  }
  if (!flags.empty()) flags = "; case \"$prev\" in" + flags + " esac";
  return flags + positional;
}

std::string BashCompletion(const CompletionNode& root) {
  std::string cases;
  for (const CompletionNode& cmd : root.subcommands) {
    if (cmd.subcommands.empty()) {
      cases +=
          fmt::format("    {}) words=\"{}\"{} ;;\n", cmd.name, Join(cmd.flags), BashValues(cmd));
      continue;
    }
    cases += fmt::format("    {})\n      case \"$sub\" in\n", cmd.name);
    for (const CompletionNode& sub : cmd.subcommands)
      cases += fmt::format("        {}) words=\"{}\"{} ;;\n", sub.name, Join(sub.flags),
                           BashValues(sub));
    cases += fmt::format("        *) words=\"{} {}\" ;;\n      esac ;;\n",
                         Join(Names(cmd.subcommands)), Join(cmd.flags));
  }
  return fmt::format(
      R"(# bash completion for plan. Generated by `plan completion bash` from plan's command
# table; do not edit. Load it with: source <(plan completion bash)
_plan() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local cmd="" sub="" words="" values="" positional="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${{COMP_WORDS[i]}}" in
      --catalog) ((i++)) ;;
      -*) ;;
      *) if [[ -z $cmd ]]; then cmd=${{COMP_WORDS[i]}}; elif [[ -z $sub ]]; then sub=${{COMP_WORDS[i]}}; fi ;;
    esac
  done
  case "$cmd" in
    "") words="{} help {}" ;;
    help) [[ -z $sub ]] && words="{}" ;;
{}  esac
  if [[ -n $values ]]; then
    # The value of the option just typed (--format, --template, ...).
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
    return
  fi
  if [[ $cur != -* && -n $cmd && $cmd != help ]]; then
    # Past a command: its subcommands or positional values when it has any, else files
    # (complete -o default).
    local w flags=""
    for w in $words; do [[ $w == -* ]] || flags+=" $w"; done
    words="$flags $positional"
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}}
complete -o default -F _plan plan
)",
      Join(Names(root.subcommands)), Join(root.flags), Join(Names(root.subcommands)), cases);
}

std::string ZshCompletion(const CompletionNode& root) {
  return "#compdef plan\n"
         "# zsh completion for plan. Generated by `plan completion zsh`; do not edit. It runs the\n"
         "# bash completion through zsh's bashcompinit.\n"
         "autoload -U +X bashcompinit && bashcompinit\n" +
         BashCompletion(root);
}

std::string FishCompletion(const CompletionNode& root) {
  std::string out =
      "# fish completion for plan. Generated by `plan completion fish` from plan's command\n"
      "# table; do not edit.\n"
      "complete -c plan -f\n";
  const std::string commands = Join(Names(root.subcommands));
  FishFlags(root, "__fish_use_subcommand", &out);
  for (const CompletionNode& cmd : root.subcommands) {
    out += fmt::format("complete -c plan -n __fish_use_subcommand -a {} -d {}\n", cmd.name,
                       FishQuoted(cmd.summary));
    const std::string in_cmd = "__fish_seen_subcommand_from " + cmd.name;
    if (cmd.subcommands.empty()) {
      out += fmt::format("complete -c plan -n {} -F\n", FishQuoted(in_cmd));
      FishFlags(cmd, in_cmd, &out);
      continue;
    }
    const std::string subs = Join(Names(cmd.subcommands));
    const std::string no_sub = in_cmd + "; and not __fish_seen_subcommand_from " + subs;
    for (const CompletionNode& sub : cmd.subcommands) {
      out += fmt::format("complete -c plan -n {} -a {} -d {}\n", FishQuoted(no_sub), sub.name,
                         FishQuoted(sub.summary));
      const std::string in_sub = in_cmd + "; and __fish_seen_subcommand_from " + sub.name;
      out += fmt::format("complete -c plan -n {} -F\n", FishQuoted(in_sub));
      FishFlags(sub, in_sub, &out);
    }
    FishFlags(cmd, no_sub, &out);
  }
  out += fmt::format("complete -c plan -n {} -a {}\n",
                     FishQuoted("__fish_seen_subcommand_from help"), FishQuoted(commands));
  return out;
}

}  // namespace plan
