// Internal to report/ (and decide/'s part files): the per-format writers behind RenderReport
// and the pieces they share.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "report/report.h"
#include "report/search_report.h"

namespace plan {

struct BreakevenReport;

// The plan.report/v1 document, keys in contract order.
nlohmann::ordered_json ReportToJson(const Report& report);
nlohmann::ordered_json CandidateToJson(const CandidateRow& row);
// {"name", "gpu", "quant", "engine", "tp", "pp", "replicas", "max_num_seqs", "max_batched_tokens"}.
nlohmann::ordered_json SearchConfigToJson(const SearchConfig& config);
// The scenario's SLO bounds that are set, e.g. {"ttft_p99_s": 2.0}.
nlohmann::ordered_json SloToJson(const SloSpec& slo);

std::string RenderJson(const Report& report);
std::string RenderTable(const Report& report);
std::string RenderMarkdown(const Report& report);
std::string RenderCsv(const Report& report);
std::string RenderBreakevenJson(const BreakevenReport& report);
std::string RenderSearchJson(const SearchReport& report);

// The columns of the human-readable summary (terminal table and Markdown): name, kind,
// $/month, $ per million tokens (input and output), TTFT p50/p99, TPOT p50/p99, e2e p99 (to 3
// significant figures: the latency sketch is accurate to 1%), the share of requests within the
// SLO, the candidate's verdict by clause ("met", or the clauses it misses: "TTFT+failed"), GPUs,
// and the widest error band its figures carry ("+-41%"; "-" when none is recorded).
std::vector<std::string> SummaryHeader();
// No completed request had a second token (embeddings have none at all): TPOT shows as "-".
bool NoTpot(const CandidateRow& row);
// Column i is right-aligned (a number) when true.
std::vector<bool> SummaryRightAligned();
// The recommended row's name carries a trailing " *".
std::vector<std::string> SummaryCells(const CandidateRow& row, bool recommended,
                                      const SloSpec& slo);
// `v` to 3 significant figures: "0.0450", "15.8", "113", "2,470".
std::string FormatSig3(double v);

// Under the table: one sentence per overloaded candidate (CandidateRow::Load), with its backlog
// at the last arrival and how long it took to clear.
std::vector<std::string> OverloadLines(const Report& report);

// Under the table: each candidate's headroom, when computed (CandidateRow::Headroom), under one
// heading line; empty when none was.
std::vector<std::string> HeadroomLines(const Report& report);

// Under the table: each candidate with spot interruptions modelled (CandidateRow::Interruptions):
// reclaims, requests restarted, tokens recomputed and what that cost, under one heading line;
// empty when none has them.
std::vector<std::string> InterruptionLines(const Report& report);

// Under the table: each composite candidate (hybrid, failover, multi-region, a response cache)
// with the share and cost of each tier that answered, then its notes indented by two spaces
// (the hybrid's saving, failover counts, cache hits, routing). Empty when there is none.
std::vector<std::string> CompositeLines(const Report& report);

// Under the table: each candidate the scenario's `require` excludes, with why (one indented
// line per non-compliant tier), under one heading line; empty when none is.
std::vector<std::string> ExclusionLines(const Report& report);

// Under the table: each bounded candidate's figures at both edges of its error bands, one line
// each ("name: cost $a-$b, TTFT p99 x-y s, ..."), headed by one line saying what they are;
// then the recommendation's robustness. Empty when nothing was bounded.
std::vector<std::string> BoundsLines(const Report& report);

// "$0", "$0.0123" (3 significant digits below $1), "$5.90", "$8,620" (whole dollars from $1,000).
std::string FormatUsd(double usd);
// "$1.20-$3.40", or one figure when both print alike.
std::string UsdRange(double low, double high);
// One decimal; never "100.0%" unless every request met the SLO.
std::string FormatPercent(double fraction);
// One RFC 4180 record: fields quoted where needed, CRLF-terminated.
std::string CsvLine(const std::vector<std::string>& fields);
// Backslash-escapes what would end a Markdown table cell ('|') or start emphasis, code or math.
std::string EscapeMarkdown(const std::string& s);
// "TTFT p99 <= 2 s, TPOT p99 <= 0.1 s, no failed requests".
std::string SloDescription(const SloSpec& slo);

}  // namespace plan
