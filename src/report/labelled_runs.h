// Several runs on one report (`plan report A.json B.json`): each candidate keeps its own run's
// figures and takes its run's label ("base: fleet"), so the table, CSV and HTML page compare
// the runs side by side.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "report/report.h"

namespace plan {

// A label per run: the file's name without its directory and ".json", or the path as given
// when two names would be the same.
std::vector<std::string> RunLabels(const std::vector<std::string>& paths);

// One report holding every run's candidates, renamed "label: name", in the order given. The
// runs priced different workloads, so nothing is recommended across them: the warnings say
// which candidate each run recommended (and each run's own warnings, labelled). Fails when
// the runs' SLOs differ, naming both.
Result<Report> LabelRuns(const std::vector<std::pair<std::string, const Report*>>& runs);

}  // namespace plan
