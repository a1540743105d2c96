#include <catch2/catch.hpp>

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

}  // namespace plan
