// The break-even report for people (terminal table, Markdown) and spreadsheets (CSV).
#include <fmt/format.h>

#include <cmath>

#include "report/breakeven_report.h"
#include "report/html.h"
#include "report/writers.h"
#include "util/suggest.h"
#include "util/text_table.h"

namespace plan {

namespace {

constexpr double kSecondsPerDay = 86400;

// "830k", "54.6M", "1.20B".
std::string FormatCount(double n) {
  if (n >= 1e9) return fmt::format("{:.3g}B", n / 1e9);
  if (n >= 1e6) return fmt::format("{:.3g}M", n / 1e6);
  if (n >= 1e3) return fmt::format("{:.3g}k", n / 1e3);
  return fmt::format("{:.3g}", n);
}

std::string Rps(double rps) { return fmt::format("{:.3g}", rps); }

std::string TokensPerDay(const BreakevenReport& r, double rps) {
  return FormatCount(rps * r.tokens_per_request * kSecondsPerDay);
}

// "GPU -30%", "API +50%", "GPU -30%, API -50%", "catalog prices".
std::string FactorLabel(const PriceCase& c) {
  auto change = [](const char* what, double f) {
    return fmt::format("{} {:+.0f}%", what, std::round((f - 1) * 100));
  };
  std::string out;
  if (c.gpu_price_factor != 1) out = change("GPU", c.gpu_price_factor);
  if (c.api_price_factor != 1) out += (out.empty() ? "" : ", ") + change("API", c.api_price_factor);
  return out.empty() ? "catalog prices" : out;
}

const BreakevenPoint* PointAt(const BreakevenCurve& c, double rps) {
  for (const BreakevenPoint& p : c.points)
    if (p.volume_rps == rps) return &p;
  return nullptr;
}

// "$2,155 x1" for a re-sized fleet, "$1,234" otherwise, "misses SLO" when infeasible.
std::string CostCell(const BreakevenCurve& c, const BreakevenPoint* p) {
  if (!p) return "";
  if (!p->feasible) return "misses SLO";
  if (c.resized) return fmt::format("{} x{}", FormatUsd(p->usd_per_month), p->replicas);
  return FormatUsd(p->usd_per_month);
}

std::string CheapestAt(const BreakevenReport& r, double rps) {
  for (const VolumeBand& b : r.base.bands)
    if (rps >= b.from_rps && rps <= b.to_rps) return b.cheapest.empty() ? "(none)" : b.cheapest;
  return "";
}

std::string CrossoverSentence(const BreakevenReport& r, const Crossover& x) {
  std::string s =
      fmt::format("{} req/s ({} tokens/day): {} is cheaper above, {} below", Rps(x.volume_rps),
                  TokensPerDay(r, x.volume_rps), x.cheaper_above, x.cheaper_below);
  if (!x.exact)
    s += fmt::format(" (a fleet changes size between {:.5g} and {:.5g} req/s)", x.lo_rps, x.hi_rps);
  return s;
}

// "haiku, then h100 from 2.25 req/s" or "haiku throughout".
std::string BandsSentence(const PriceCase& c) {
  std::string s;
  for (const VolumeBand& b : c.bands) {
    const std::string who = b.cheapest.empty() ? "none meets the SLO" : b.cheapest;
    if (s.empty())
      s = who;
    else
      s += fmt::format(", then {} from {} req/s", who, Rps(b.from_rps));
  }
  return c.bands.size() == 1 ? s + " throughout" : s;
}

std::vector<std::string> Header(const BreakevenReport& r) {
  std::vector<std::string> h = {"req/s", "tokens/day"};
  for (const BreakevenCurve& c : r.curves) h.push_back(c.name);
  h.push_back("cheapest");
  return h;
}

std::vector<std::string> GridRow(const BreakevenReport& r, double rps) {
  std::vector<std::string> row = {Rps(rps), TokensPerDay(r, rps)};
  for (const BreakevenCurve& c : r.curves) row.push_back(CostCell(c, PointAt(c, rps)));
  row.push_back(CheapestAt(r, rps));
  return row;
}

std::string Heading(const BreakevenReport& r) {
  return fmt::format(
      "Break-even for {} ({})\nworkload {} req/s at {:.0f} tokens per request; {} volumes from {} "
      "to {} req/s; $/month at each, xN = replicas of a re-sized fleet\n",
      r.scenario, SloDescription(r.slo), Rps(r.workload_rps), r.tokens_per_request,
      r.grid_rps.size(), Rps(r.grid_rps.front()), Rps(r.grid_rps.back()));
}

std::string BreakevenTable(const BreakevenReport& r) {
  std::vector<TextTable::Align> align(r.curves.size() + 2, TextTable::Align::kRight);
  align.push_back(TextTable::Align::kLeft);
  TextTable table(Header(r), align);
  for (double v : r.grid_rps) table.AddRow(GridRow(r, v));
  std::string out = Heading(r) + "\n" + table.Render();

  out += "\ncrossovers at catalog prices:\n";
  if (r.base.crossovers.empty()) out += "  none in this range\n";
  for (const Crossover& x : r.base.crossovers) out += "  " + CrossoverSentence(r, x) + "\n";
  out += "\ncheapest meeting the SLO:\n";
  for (const VolumeBand& b : r.base.bands)
    out += fmt::format("  {} to {} req/s: {}\n", Rps(b.from_rps), Rps(b.to_rps),
                       b.cheapest.empty() ? "none meets the SLO" : b.cheapest);
  if (!r.sensitivity.empty()) {
    TextTable sens({"prices", "cheapest meeting the SLO"});
    sens.AddRow({FactorLabel(r.base), BandsSentence(r.base)});
    for (const PriceCase& c : r.sensitivity) sens.AddRow({FactorLabel(c), BandsSentence(c)});
    out += "\nprice sensitivity:\n" + sens.Render();
  }
  if (!r.notes.empty()) out += "\n";
  for (const std::string& n : r.notes) out += "note: " + n + "\n";
  return out;
}

std::string MdRow(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + EscapeMarkdown(c) + " |";
  return out + "\n";
}

std::string BreakevenMd(const BreakevenReport& r) {
  std::string out = "### " + EscapeMarkdown(Heading(r).substr(0, Heading(r).find('\n'))) + "\n\n";
  std::vector<std::string> header = Header(r);
  out += MdRow(header) + "|";
  for (size_t i = 0; i < header.size(); ++i) out += i + 1 == header.size() ? " --- |" : " ---: |";
  out += "\n";
  for (double v : r.grid_rps) out += MdRow(GridRow(r, v));
  out += "\n**Crossovers at catalog prices**\n\n";
  if (r.base.crossovers.empty()) out += "- none in this range\n";
  for (const Crossover& x : r.base.crossovers)
    out += "- " + EscapeMarkdown(CrossoverSentence(r, x)) + "\n";
  out += "\n**Price sensitivity**\n\n| prices | cheapest meeting the SLO |\n| --- | --- |\n";
  out += MdRow({FactorLabel(r.base), BandsSentence(r.base)});
  for (const PriceCase& c : r.sensitivity) out += MdRow({FactorLabel(c), BandsSentence(c)});
  if (!r.notes.empty()) out += "\n";
  for (const std::string& n : r.notes) out += "- note: " + EscapeMarkdown(n) + "\n";
  return out;
}

// One row per candidate per simulated volume, grid and refinement points alike.
std::string BreakevenCsv(const BreakevenReport& r) {
  std::string out =
      CsvLine({"volume_rps", "tokens_per_day", "candidate", "kind", "grid", "feasible", "replicas",
               "gpus", "usd_per_month", "ttft_p99_s", "tpot_p99_s", "slo_attainment"});
  auto num = [](double v) { return fmt::format("{}", v); };
  for (const BreakevenCurve& c : r.curves) {
    for (const BreakevenPoint& p : c.points) {
      out += CsvLine({num(p.volume_rps), num(p.volume_rps * r.tokens_per_request * kSecondsPerDay),
                      c.name, c.kind, p.grid ? "true" : "false", p.feasible ? "true" : "false",
                      num(p.replicas), num(p.gpus), num(p.usd_per_month), num(p.ttft_p99_s),
                      num(p.tpot_p99_s), num(p.slo_attainment)});
    }
  }
  return out;
}

}  // namespace

std::string FormatVolume(double rps, double tokens_per_request) {
  return fmt::format("{} req/s ({} tokens/day)", Rps(rps),
                     FormatCount(rps * tokens_per_request * kSecondsPerDay));
}

Result<BreakevenFormat> ParseBreakevenFormat(const std::string& name) {
  if (name == "table") return BreakevenFormat::kTable;
  if (name == "json") return BreakevenFormat::kJson;
  if (name == "csv") return BreakevenFormat::kCsv;
  if (name == "md") return BreakevenFormat::kMd;
  if (name == "html") return BreakevenFormat::kHtml;
  return Status::Invalid(
      UnknownNameMessage("break-even format", name, {"csv", "html", "json", "md", "table"}));
}

std::string RenderBreakeven(const BreakevenReport& report, BreakevenFormat format) {
  switch (format) {
    case BreakevenFormat::kTable:
      return BreakevenTable(report);
    case BreakevenFormat::kJson:
      return RenderBreakevenJson(report);
    case BreakevenFormat::kCsv:
      return BreakevenCsv(report);
    case BreakevenFormat::kMd:
      return BreakevenMd(report);
    case BreakevenFormat::kHtml:
      return RenderHtml(HtmlInputs{nullptr, &report, nullptr});
  }
  return "";
}

}  // namespace plan
