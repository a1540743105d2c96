// Labels on the charts never overlap: the layout's rule pinned on hand-placed boxes, and the
// pages of the scenarios under scenarios/ measured in headless Chromium.
#include <catch2/catch.hpp>

#include <regex>

#include "report/label_layout.h"
#include "testing/chromium.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

// Appended to a page before loading it: every pair of non-empty <text> elements of one chart
// whose boxes (as laid out, getBoundingClientRect) overlap by more than half a pixel each way,
// on <body data-overlaps> ("none" when no pair does), and how many texts were measured.
constexpr const char* kOverlapCheck = R"(<script>
(function () {
  var bad = [], n = 0;
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    var t = [];
    svg.querySelectorAll('text').forEach(function (e) {
      if (e.textContent.length > 0) t.push([e.textContent, e.getBoundingClientRect()]);
    });
    n += t.length;
    for (var i = 0; i < t.length; i++)
      for (var j = i + 1; j < t.length; j++) {
        var a = t[i][1], b = t[j][1];
        var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 0.5 && h > 0.5) bad.push(svg.id + ': ' + t[i][0] + ' / ' + t[j][0]);
      }
  });
  document.body.setAttribute('data-overlaps', bad.length ? bad.join(' | ') : 'none');
  document.body.setAttribute('data-texts', String(n));
})();
</script>
)";

struct Measured {
  std::string overlaps;  // "none", or the overlapping pairs
  int texts = 0;
  std::string dom;
};

// Loads `html` with the overlap check appended; fails the test if Chromium does not run it.
Measured Measure(const std::string& chromium, const test::ScratchDir& dir, std::string html) {
  html.insert(html.rfind("</body>"), kOverlapCheck);
  const std::string page = dir.Write("measured.html", html);
  const test::LoadedPage loaded = test::LoadInChromium(chromium, dir, page);
  INFO(loaded.log);
  REQUIRE(loaded.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(loaded.dom, m,
                            std::regex("data-overlaps=\"([^\"]*)\" data-texts=\"([0-9]+)\"")));
  return {m[1], std::stoi(m[2]), loaded.dom};
}

}  // namespace

TEST_CASE("A label takes the nearest free spot around its point, inside the plot", "[html]") {
  // 10 px text, 0.64 em per character: "ab" is 12.8 wide, 12 high (0.95 above the baseline,
  // 0.25 below).
  LabelLayout layout(LabelBox{0, 0, 200, 100});
  const std::optional<LabelSpot> first = layout.Place("ab", 10, 50, 50);
  REQUIRE(first);
  // Above right, 6 px off: left 56, top 50 - 6 - 12 = 32, baseline 32 + 9.5.
  CHECK(first->box.x0 == 56);
  CHECK(first->box.y0 == 32);
  CHECK(first->box.x1 == Approx(68.8));
  CHECK(first->y == Approx(41.5));
  CHECK_FALSE(first->leader);
  // The same point again: above right is taken, so above left (right edge at 50 - 6 = 44).
  const std::optional<LabelSpot> second = layout.Place("ab", 10, 50, 50);
  REQUIRE(second);
  CHECK(second->box.x1 == Approx(44));
  CHECK(second->box.y0 == 32);
  CHECK_FALSE(second->box.Overlaps(first->box));
  // A point in the top-right corner: nothing fits above it or right of it; below left does.
  const std::optional<LabelSpot> corner = layout.Place("ab", 10, 199, 1);
  REQUIRE(corner);
  CHECK(corner->box.x1 == Approx(193));
  CHECK(corner->box.y0 == 7);
  // A label wider than the plot has no spot.
  CHECK_FALSE(layout.Place(std::string(40, 'x'), 10, 100, 50));
  // A taken box is avoided even by the first label placed near it.
  LabelLayout busy(LabelBox{0, 0, 200, 100});
  busy.Occupy({50, 20, 80, 45});
  const std::optional<LabelSpot> moved = busy.Place("ab", 10, 50, 50);
  REQUIRE(moved);
  CHECK(moved->box.x1 == Approx(44));  // above left
}

TEST_CASE("The overlap check in Chromium finds two labels drawn on top of each other", "[html]") {
  const std::string chromium = test::FindChromium();
  if (chromium.empty()) {
    WARN("skipped: no chromium on the PATH (or set PLAN_CHROMIUM)");
    return;
  }
  test::ScratchDir dir;
  const Measured m =
      Measure(chromium, dir,
              "<!DOCTYPE html><html><body><svg class=\"chart\" id=\"c\" width=\"200\" "
              "height=\"100\"><text x=\"10\" y=\"50\">first label</text><text "
              "x=\"30\" y=\"54\">second</text><text x=\"10\" y=\"90\">apart</text>"
              "</svg></body></html>");
  CHECK(m.overlaps == "c: first label / second");
  CHECK(m.texts == 3);
}

TEST_CASE("No two labels overlap on the compare-all, breakeven and search pages", "[html]") {
  const std::string chromium = test::FindChromium();
  if (chromium.empty()) {
    WARN("skipped: no chromium on the PATH (or set PLAN_CHROMIUM)");
    return;
  }
  test::ScratchDir dir;
  const std::string scenarios = std::string(PLAN_SOURCE_DIR) + "/scenarios/";
  struct Page {
    const char* command;
    const char* scenario;
    int min_texts;  // ticks, titles, legends and labels: at least this many were measured
    int markers;    // labelled markers: each got a spot (none was left to its tooltip)
    const char* label;
  };
  // The breakeven page's 5 crossovers fall between 7 and 24 req/s, crowded on the log axis.
  for (const Page& p : {Page{"simulate", "compare-all.toml", 60, 0, ">SLO 2 s</text>"},
                        Page{"breakeven", "breakeven.toml", 19, 5, ">23.2 req/s</text>"},
                        Page{"search", "search.toml", 60, 2, ">SLO: TTFT p99 &lt;= 2 s</text>"}}) {
    DYNAMIC_SECTION(p.scenario) {
      const std::string html = dir.File(std::string(p.scenario) + ".html");
      const test::CliRun run = test::RunCli({p.command, scenarios + p.scenario, "-o", html});
      INFO(run.err);
      REQUIRE(run.exit_code == 0);
      Result<std::string> text = ReadFile(html);
      REQUIRE(text.ok());
      const Measured m = Measure(chromium, dir, *text);
      CHECK(m.overlaps == "none");
      CHECK(m.texts >= p.min_texts);
      const std::regex labelled("<g class=\"marker\">[^\n]*<text");
      CHECK(std::distance(std::sregex_iterator(m.dom.begin(), m.dom.end(), labelled),
                          std::sregex_iterator()) == p.markers);
      CHECK(m.dom.find(p.label) != std::string::npos);
    }
  }
}

}  // namespace plan
