// Synthetic prompts for a probe: how many tokens each request asks with, and text of about
// that many tokens.
#pragma once

#include <cstdint>
#include <string>

#include "util/rng.h"
#include "util/status.h"

namespace plan {

// A prompt-length distribution, written on the command line as
//   "N"                    every prompt N tokens
//   "uniform:LO:HI"        integers LO..HI, each equally likely
//   "lognormal:MEDIAN:SIGMA"
// Draws are clamped to [1, kMaxPromptTokens].
struct PromptLengths {
  enum class Kind { kFixed, kUniform, kLogNormal };
  Kind kind = Kind::kFixed;
  double a = 256;  // value | lo | median
  double b = 0;    // -    | hi | sigma

  static constexpr int64_t kMaxPromptTokens = 1'000'000;

  // Status::Invalid naming `flag` on a bad spelling or range.
  static Result<PromptLengths> Parse(const std::string& text, const std::string& flag);
  int64_t Draw(Rng& rng) const;
  std::string ToString() const;  // the spelling Parse accepts
};

// About `tokens` tokens of text: space-separated common English words, each one token in the
// BPE vocabularies of Llama 3, Qwen, Mistral and GPT-4o (a word with its leading space). The
// words come from `rng`, so prompts differ and share no long prefix a server could cache.
std::string SyntheticPrompt(int64_t tokens, Rng& rng);

}  // namespace plan
