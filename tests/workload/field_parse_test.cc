#include <catch2/catch.hpp>

#include "workload/field_parse.h"

namespace plan {

TEST_CASE("ParseDecimalNs converts decimal seconds and milliseconds exactly", "[workload]") {
  int64_t ns = 0;
  CHECK(ParseDecimalNs("4.314579", 9, &ns));
  CHECK(ns == 4'314'579'000);
  CHECK(ParseDecimalNs("0.052", 9, &ns));
  CHECK(ns == 52'000'000);
  CHECK(ParseDecimalNs("3536999", 6, &ns));  // Mooncake's last timestamp, in ms
  CHECK(ns == 3'536'999'000'000);
  CHECK(ParseDecimalNs("1.5e3", 6, &ns));  // 1500 ms
  CHECK(ns == 1'500'000'000);
  CHECK(ParseDecimalNs("-2.5", 9, &ns));
  CHECK(ns == -2'500'000'000);
  CHECK(ParseDecimalNs("5270414.0", 9, &ns));  // BurstGPT writes floats
  CHECK(ns == 5'270'414'000'000'000);
  // 0.5 ns rounds away from zero; 0.4 ns to zero.
  CHECK(ParseDecimalNs("0.0000000005", 9, &ns));
  CHECK(ns == 1);
  CHECK(ParseDecimalNs("0.0000000004", 9, &ns));
  CHECK(ns == 0);
  CHECK(ParseDecimalNs(".5", 9, &ns));
  CHECK(ns == 500'000'000);
}

TEST_CASE("ParseDecimalNs rejects what is not one decimal number", "[workload]") {
  int64_t ns = 0;
  for (const char* bad : {"", ".", "-", "1.2.3", "1e", "abc", "1 2", "0x10", "1,5"}) {
    INFO(bad);
    CHECK_FALSE(ParseDecimalNs(bad, 9, &ns));
  }
  CHECK_FALSE(ParseDecimalNs("9223372037", 9, &ns));  // > 2^63 ns
  CHECK(ParseDecimalNs("9223372036", 9, &ns));
}

TEST_CASE("ParseDateTimeNs reads Azure timestamps to the nanosecond", "[workload]") {
  int64_t a = 0, b = 0;
  REQUIRE(ParseDateTimeNs("2023-11-16 18:15:46.6805900", &a));
  REQUIRE(ParseDateTimeNs("2023-11-16 18:15:50.9951690", &b));
  CHECK(b - a == 4'314'579'000);  // 50.9951690 - 46.6805900 s
  // 2023-11-16 is day 19677 after 1970-01-01: 19677 * 86400 = 1700092800 s.
  int64_t midnight = 0;
  REQUIRE(ParseDateTimeNs("2023-11-16 00:00:00", &midnight));
  CHECK(midnight == 1'700'092'800'000'000'000);
  CHECK(a == midnight + (18 * 3600 + 15 * 60 + 46) * 1'000'000'000LL + 680'590'000);
  int64_t t = 0;
  REQUIRE(ParseDateTimeNs("2024-02-29T00:00:00Z", &t));  // a leap day
  CHECK(t == 1'709'164'800'000'000'000);
  REQUIRE(ParseDateTimeNs("2000-03-01 00:00:00", &t));  // 2000 is a leap year
  CHECK(t == 951'868'800'000'000'000);
  REQUIRE(ParseDateTimeNs("1969-12-31 23:59:59", &t));
  CHECK(t == -1'000'000'000);
  REQUIRE(ParseDateTimeNs("2023-11-16 01:00:00+01:00", &t));  // 00:00 UTC
  CHECK(t == midnight);
  REQUIRE(ParseDateTimeNs("1970-01-01 00:00:00.0000000015", &t));  // the 10th digit rounds
  CHECK(t == 2);
}

TEST_CASE("ParseDateTimeNs rejects impossible dates and other shapes", "[workload]") {
  int64_t t = 0;
  for (const char* bad : {"2023-02-29 00:00:00", "2023-13-01 00:00:00", "2023-11-16 24:00:00",
                          "2023-11-16", "2023/11/16 00:00:00", "2023-11-16 00:00:00.",
                          "2023-11-16 00:00:00 ", "2023-11-16 00:00:00+1", "1600-01-01 00:00:00"}) {
    INFO(bad);
    CHECK_FALSE(ParseDateTimeNs(bad, &t));
  }
}

TEST_CASE("ParseTokenCount takes whole numbers, also written as N.0", "[workload]") {
  int64_t v = 0;
  CHECK(ParseTokenCount("472", &v));
  CHECK(v == 472);
  CHECK(ParseTokenCount("472.0", &v));
  CHECK(v == 472);
  CHECK(ParseTokenCount("2147483647", &v));
  CHECK(v == 2147483647);
  for (const char* bad : {"", "472.5", "-1", "+1", "1e3", "2147483648", " 1", "12a"}) {
    INFO(bad);
    CHECK_FALSE(ParseTokenCount(bad, &v));
  }
}

TEST_CASE("SplitCsv splits at commas outside quotes and reports each field's column",
          "[workload]") {
  std::vector<CsvField> f;
  REQUIRE(SplitCsv(R"(a, "b,c" ,"d""e",)", &f));
  REQUIRE(f.size() == 4);
  CHECK(f[0].text == "a");
  CHECK(f[0].col == 1);
  CHECK(f[1].text == "b,c");
  CHECK(f[1].col == 4);
  CHECK(f[2].text == R"(d""e)");
  CHECK(f[2].col == 11);
  CHECK(f[3].text == "");
  CHECK(f[3].col == 18);
  CHECK_FALSE(SplitCsv(R"(a,"b)", &f));
  REQUIRE(SplitCsv("Conversation log", &f));
  CHECK(f.size() == 1);
}

TEST_CASE("SessionIdOf keeps small numbers and hashes other text", "[workload]") {
  CHECK(SessionIdOf("") == 0);
  CHECK(SessionIdOf("42") == 42);
  CHECK(SessionIdOf("4294967295") == 4294967295u);
  uint32_t a = SessionIdOf("6f1c1b9e-2b7a-4c4e-9f6e-0d3c2a1b0e9f");
  CHECK(a != 0);
  CHECK(a == SessionIdOf("6f1c1b9e-2b7a-4c4e-9f6e-0d3c2a1b0e9f"));
  CHECK(a != SessionIdOf("6f1c1b9e-2b7a-4c4e-9f6e-0d3c2a1b0e9e"));
  CHECK(SessionIdOf("0") != 0);  // 0 means "none", so it is hashed like text
}

}  // namespace plan
