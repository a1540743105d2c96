#include <catch2/catch.hpp>

#include "workload/flat_json.h"

namespace plan {

TEST_CASE("FlatJson reads a Mooncake row member by member", "[workload]") {
  FlatJson j(
      R"({"timestamp": 27, "input_length": 6758, "note": {"a": [1, "]"]}, "hash_ids": [0, 14, 15]})");
  REQUIRE(j.Begin());
  std::string_view key, text;
  REQUIRE(j.NextKey(&key));
  CHECK(key == "timestamp");
  CHECK(j.Peek() == FlatJson::Kind::kNumber);
  REQUIRE(j.Number(&text));
  CHECK(text == "27");
  REQUIRE(j.NextKey(&key));
  REQUIRE(j.Number(&text));
  CHECK(text == "6758");
  REQUIRE(j.NextKey(&key));
  CHECK(key == "note");
  CHECK(j.Peek() == FlatJson::Kind::kObject);
  REQUIRE(j.Skip());
  REQUIRE(j.NextKey(&key));
  CHECK(key == "hash_ids");
  std::vector<uint64_t> ids;
  REQUIRE(j.IntArray(&ids));
  CHECK(ids == std::vector<uint64_t>{0, 14, 15});
  CHECK_FALSE(j.NextKey(&key));
  CHECK(j.done());
  CHECK(j.error().empty());
}

TEST_CASE("FlatJson reports the first syntax error and where it is", "[workload]") {
  struct Case {
    const char* line;
    const char* error;
    int64_t col;
  };
  for (const Case& c : {Case{R"([1])", "expected a JSON object", 1},
                        Case{R"({"a": 1 "b": 2})", "expected ',' or '}' after the value", 9},
                        Case{R"({"a": 1,})", "expected a key after ','", 9},
                        Case{R"({"a": 1} x)", "unexpected text after the object", 10},
                        Case{R"({"a": 1)", "the object is not closed", 8},
                        Case{R"({"a: 1})", "unclosed string", 2}}) {
    INFO(c.line);
    FlatJson j(c.line);
    std::string_view key;
    if (j.Begin()) {
      while (j.NextKey(&key))
        if (!j.Skip()) break;
    }
    CHECK(j.error() == c.error);
    CHECK(j.col() == c.col);
  }
}

TEST_CASE("FlatJson typed reads fail on another kind of value", "[workload]") {
  FlatJson j(R"({"n": "12", "ids": [1, -2]})");
  std::string_view key, text;
  REQUIRE(j.Begin());
  REQUIRE(j.NextKey(&key));
  CHECK_FALSE(j.Number(&text));
  CHECK(j.error() == "expected a number");
  FlatJson k(R"({"ids": [1, -2]})");
  REQUIRE(k.Begin());
  REQUIRE(k.NextKey(&key));
  std::vector<uint64_t> ids;
  CHECK_FALSE(k.IntArray(&ids));
  CHECK(k.error() == "expected a non-negative integer");
  CHECK(k.col() == 13);
}

}  // namespace plan
