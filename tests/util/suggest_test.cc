#include <catch2/catch.hpp>

#include "testing/embedded_catalog.h"
#include "util/suggest.h"

namespace plan {

TEST_CASE("EditDistance counts single-character edits") {
  CHECK(EditDistance("h100-sxm", "h100-sxm") == 0);
  CHECK(EditDistance("h100-sxm5", "h100-sxm") == 1);
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("", "abc") == 3);
}

TEST_CASE("UnknownNameMessage suggests the nearest known name") {
  std::vector<std::string> gpus = {"h100-sxm", "h100-pcie", "h200", "a100-80gb"};
  CHECK(UnknownNameMessage("gpu", "h100-sxm5", gpus) ==
        "unknown gpu 'h100-sxm5'; did you mean 'h100-sxm'?");
  CHECK(UnknownNameMessage("gpu", "a100", gpus) == "unknown gpu 'a100'; did you mean 'a100-80gb'?");
  CHECK(UnknownNameMessage("gpu", "tpu-v5e-pod", gpus) ==
        "unknown gpu 'tpu-v5e-pod' (known: a100-80gb, h100-pcie, h100-sxm, h200)");
}

TEST_CASE("NameTokens splits at punctuation and between letters and digits, lower-cased") {
  CHECK(NameTokens("Llama3.1-8B") == std::vector<std::string>{"llama", "3", "1", "8", "b"});
  CHECK(NameTokens("anthropic/claude-haiku-4-5") ==
        std::vector<std::string>{"anthropic", "claude", "haiku", "4", "5"});
  CHECK(NameTokens("h100-sxm") == std::vector<std::string>{"h", "100", "sxm"});
  CHECK(NameTokens("--") == std::vector<std::string>{});
}

TEST_CASE("NearestNames finds what users type in the embedded catalog", "[catalog]") {
  const Catalog& c = test::EmbeddedCatalog();
  // h100 is an H100 of either form, the SXM (listed first) before the PCIe; never the h200,
  // which is as few edits away.
  CHECK(NearestNames("h100", c.GpuIds()) == std::vector<std::string>{"h100-sxm", "h100-pcie"});
  CHECK(UnknownNameMessage("gpu", "h100", c.GpuIds()) ==
        "unknown gpu 'h100'; did you mean 'h100-sxm' or 'h100-pcie'?");
  CHECK(NearestNames("llama3.1-8b", c.ModelIds()) ==
        std::vector<std::string>{"llama-3.1-8b-instruct"});
  // Case alone: that one, nothing else.
  CHECK(NearestNames("vLLM", c.EngineIds()) == std::vector<std::string>{"vllm"});
  CHECK(NearestNames("H200", c.GpuIds()) == std::vector<std::string>{"h200"});
  // A model's name finds its offers: the fewest extra words first, at most three.
  CHECK(NearestNames("claude-haiku-4-5", c.OfferIds()) ==
        std::vector<std::string>{"anthropic/claude-haiku-4-5", "vertex/claude-haiku-4-5",
                                 "openrouter/anthropic/claude-haiku-4.5"});
  CHECK(NearestName("claude-haiku-4-5", c.OfferIds()) == "anthropic/claude-haiku-4-5");
  // A word's start is enough: "instr" is instruct.
  CHECK(NearestNames("llama-3.1-70b-instr", c.ModelIds()) ==
        std::vector<std::string>{"llama-3.1-70b-instruct"});
  // Typos still fall back to edit distance.
  CHECK(NearestNames("h100-sxm5", c.GpuIds()) == std::vector<std::string>{"h100-sxm"});
  CHECK(NearestNames("sglnag", c.EngineIds()) == std::vector<std::string>{"sglang"});
  CHECK(NearestNames("tpu-v5e", c.GpuIds()).empty());
}

TEST_CASE("The edit-distance fallback accepts at most max(2, length/3) edits") {
  // "a" is no word's start; "gpu" and "rtt" are 3 edits away, one more than the limit of 2, so
  // nothing is suggested (a name one edit further than the limit once was).
  const std::vector<std::string> keys = {"gpu", "model", "quant", "rtt"};
  CHECK(NearestNames("a", keys).empty());
  CHECK(NearestNames("rt", keys) == std::vector<std::string>{"rtt"});   // a word's start
  CHECK(NearestNames("gpx", keys) == std::vector<std::string>{"gpu"});  // 1 edit
  CHECK(NearestNames("xpx", keys) == std::vector<std::string>{"gpu"});  // 2 edits, the limit
  CHECK(NearestNames("xxx", keys).empty());                             // 3 edits
}

TEST_CASE("MatchesWords: every word in order, as a word's start, no number skipped between") {
  CHECK(MatchesWords("llama-3.1-8b", "meta-llama/Meta-Llama-3.1-8B-Instruct"));
  CHECK(MatchesWords("llama-3.1-8b", "llama3.1-8b"));
  CHECK(MatchesWords("llama-3.1-8b", "llama-v3p1-8b-instruct"));  // letters may be skipped
  CHECK(MatchesWords("h100", "h100-pcie"));
  CHECK(MatchesWords("Claude-Haiku", "anthropic/claude-haiku-4-5"));  // anything before
  CHECK_FALSE(MatchesWords("llama-3.1", "llama-3.2-1b-instruct"));    // the 2 between 3 and 1
  CHECK(MatchesWords("llama-3.1", "x-3-llama-3.1-8b"));               // a later start is tried
  CHECK_FALSE(MatchesWords("h100", "h200"));
  CHECK_FALSE(MatchesWords("--", "h100"));
  CHECK_FALSE(MatchesWords("8b-llama", "llama-3.1-8b"));  // out of order
}

TEST_CASE("QuotedChoices joins with commas and a final or") {
  CHECK(QuotedChoices({"a"}) == "'a'");
  CHECK(QuotedChoices({"a", "b"}) == "'a' or 'b'");
  CHECK(QuotedChoices({"a", "b", "c"}) == "'a', 'b' or 'c'");
}

}  // namespace plan
