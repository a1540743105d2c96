#include "cli/validators.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace plan {

namespace {

CLI::Validator NumberCheck(bool allow_zero) {
  return CLI::Validator(
      [allow_zero](std::string& in) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(in.c_str(), &end);
        const bool ok =
            end != in.c_str() && *end == '\0' && std::isfinite(v) && (allow_zero ? v >= 0 : v > 0);
        return ok ? ""
                  : fmt::format("must be a number {} 0, not '{}'", allow_zero ? ">=" : ">", in);
      },
      allow_zero ? ">= 0" : "> 0");
}

}  // namespace

CLI::Validator PositiveNumber() { return NumberCheck(false); }
CLI::Validator NonNegativeNumber() { return NumberCheck(true); }

CLI::Validator ThreadCount() {
  return CLI::Validator(
      [](std::string& in) -> std::string {
        int v = 0;
        auto [end, ec] = std::from_chars(in.data(), in.data() + in.size(), v);
        const bool ok = ec == std::errc() && end == in.data() + in.size() && v >= 0 && v <= 1024;
        return ok ? ""
                  : fmt::format("must be an integer from 0 (one per core) to 1024, not '{}'", in);
      },
      "0..1024");
}

CLI::Validator Seed() {
  return CLI::Validator(
      [](std::string& in) -> std::string {
        uint64_t v = 0;
        auto [end, ec] = std::from_chars(in.data(), in.data() + in.size(), v);
        const bool ok = !in.empty() && ec == std::errc() && end == in.data() + in.size();
        return ok ? "" : fmt::format("must be an integer from 0 to {}, not '{}'", UINT64_MAX, in);
      },
      "0..2^64-1");
}

CLI::Validator Choices(const std::vector<std::string>& values) {
  std::string description;
  for (const std::string& v : values) description += (description.empty() ? "{" : ",") + v;
  return CLI::Validator([](std::string&) { return std::string(); }, description + "}", "choices");
}

}  // namespace plan
