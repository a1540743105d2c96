#include <catch2/catch.hpp>

#include "fidelity/csv_table.h"

namespace plan {
namespace {

TEST_CASE("The evidence CSV reader keeps quoted commas, doubled quotes and line numbers",
          "[fidelity]") {
  Result<CsvTable> t = CsvTable::Parse(
      "a,b,c\n"
      "1,\"x, y\",3\r\n"
      "\n"
      "4,\"say \"\"hi\"\"\",\n",
      "e.csv");
  REQUIRE(t.ok());
  REQUIRE(t->rows().size() == 2);
  const CsvTable::Row& r1 = t->rows()[0];
  CHECK(r1.line == 2);
  CHECK(t->Get(r1, "b") == "x, y");
  CHECK(t->Loc(r1, "c").ToString() == "e.csv:2:10");
  const CsvTable::Row& r2 = t->rows()[1];
  CHECK(r2.line == 4);
  CHECK(t->Get(r2, "b") == "say \"hi\"");
  CHECK(t->Get(r2, "c").empty());
  CHECK(t->Number(r2, "a")->value() == 4);
  CHECK_FALSE(t->Number(r2, "c")->has_value());
}

TEST_CASE("Malformed evidence CSV fails at path:line:col", "[fidelity]") {
  CHECK(CsvTable::Parse("a,b\n1,2,3\n", "e.csv").status().message() ==
        "e.csv:2:1: 3 fields, the header has 2");
  CHECK(CsvTable::Parse("a,b\n1,\"open\n", "e.csv").status().message() ==
        "e.csv:2:3: unterminated quoted field");
  CHECK(CsvTable::Parse("a,b\n1,\"x\"y\n", "e.csv").status().message() ==
        "e.csv:2:6: 'y' after a closing quote");
  Result<CsvTable> t = CsvTable::Parse("a,value\n1,12x\n", "e.csv");
  REQUIRE(t.ok());
  CHECK(t->Number(t->rows()[0], "value").status().message() ==
        "e.csv:2:3: column 'value' is not a number: '12x'");
  CHECK(t->RequireColumns({"valeu"}).message() ==
        "e.csv:1:1: unknown column 'valeu'; did you mean 'value'?");
}

}  // namespace
}  // namespace plan
