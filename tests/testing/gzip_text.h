// Test helper: text compressed as gzip(1) writes it, for the readers that take .gz directly.
#pragma once

#include <string>

namespace plan::test {

// `text` as one gzip member (deflate with a gzip header and trailer).
std::string Gzip(const std::string& text);

}  // namespace plan::test
