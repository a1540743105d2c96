#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "probe/prompt.h"
#include "probe/redact.h"

namespace plan {

TEST_CASE("Prompt lengths parse from the command line and draw within their range", "[probe]") {
  Result<PromptLengths> fixed = PromptLengths::Parse("128", "--prompt-tokens");
  REQUIRE(fixed.ok());
  Rng rng(1);
  CHECK(fixed->Draw(rng) == 128);
  CHECK(fixed->ToString() == "128");
  Result<PromptLengths> uniform = PromptLengths::Parse("uniform:10:12", "--prompt-tokens");
  REQUIRE(uniform.ok());
  CHECK(uniform->ToString() == "uniform:10:12");
  std::set<int64_t> seen;
  for (int i = 0; i < 200; ++i) seen.insert(uniform->Draw(rng));
  CHECK(seen == std::set<int64_t>{10, 11, 12});
  Result<PromptLengths> lognormal = PromptLengths::Parse("lognormal:100:0", "--prompt-tokens");
  REQUIRE(lognormal.ok());
  CHECK(lognormal->Draw(rng) == 100);  // sigma 0: the median
  CHECK(PromptLengths::Parse("lognormal:0.5:1", "--prompt-tokens").status().message() ==
        "--prompt-tokens 'lognormal:0.5:1': lognormal needs MEDIAN >= 1 and SIGMA >= 0");
  CHECK(PromptLengths::Parse("zipf:1:2", "--prompt-tokens").status().message() ==
        "--prompt-tokens 'zipf:1:2': expected N, uniform:LO:HI or lognormal:MEDIAN:SIGMA");
}

TEST_CASE("A synthetic prompt has one word per token asked for and depends on its stream",
          "[probe]") {
  Rng a(7), b(7), c(8);
  const std::string pa = SyntheticPrompt(50, a);
  CHECK(std::count(pa.begin(), pa.end(), ' ') == 49);
  CHECK(pa == SyntheticPrompt(50, b));
  CHECK(pa != SyntheticPrompt(50, c));
  Rng d(1);
  CHECK(SyntheticPrompt(1, d).find(' ') == std::string::npos);
}

TEST_CASE("The redactor hides every copy of the key, URLs lose credentials and queries",
          "[probe]") {
  const Redactor redact("sk-abc");
  CHECK(redact("Bearer sk-abc, again sk-abcsk-abc.") ==
        "Bearer [REDACTED], again [REDACTED][REDACTED].");
  CHECK(Redactor("")("nothing to hide") == "nothing to hide");
  CHECK(UrlForRecord("https://user:pw@api.example.com:8443/v1?key=sk#frag") ==
        "https://api.example.com:8443/v1");
  CHECK(UrlForRecord("http://localhost:8000/v1/chat/completions") ==
        "http://localhost:8000/v1/chat/completions");
  CHECK(UrlForRecord("http://h/v1/@odd") == "http://h/v1/@odd");
}

}  // namespace plan
