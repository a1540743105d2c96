// Line and scatter charts as inline SVG, for the HTML report: axes with round ticks (linear or
// log), one colour, dash pattern and marker shape per series, a legend that shows them, point
// tooltips (<title>), and labelled markers. Pure
// text out, no script; the same input gives the same bytes.
#pragma once

#include <string>
#include <vector>

namespace plan {

struct ChartPoint {
  double x = 0;
  double y = 0;
  std::string tip;    // tooltip; "" = none
  std::string label;  // a text beside the point, laid out clear of other labels; "" = none
};

struct ChartSeries {
  std::string name;
  std::vector<ChartPoint> points;  // drawn in this order
  bool line = true;                // join the points
  bool step = false;               // join them as a staircase: level to the next x, then up/down
  bool dots = false;               // a dot at each point
  bool dashed = false;             // force a dashed line (else the style's dash pattern)
  int color = -1;                  // palette index; -1 = the series' position
  // Dash pattern and marker shape (circle, square, triangles, diamond, filled then hollow), so
  // curves that coincide or share a colour stay apart; -1 = the series' position. The legend
  // shows the same line and marker.
  int style = -1;
};

// A labelled point, e.g. a crossover: a ring, its label laid out clear of every other label
// (joined by a leader line when it had to move away).
struct ChartMarker {
  double x = 0;
  double y = 0;
  std::string label;
};

struct ChartSpec {
  std::string id;  // the <svg> element's id
  std::string title;
  std::string x_label, y_label;
  bool log_x = false, log_y = false;
  // Tick label style: "" plain numbers, "$" money ("$1.5k"), "%" fractions as percentages (on a
  // linear axis the whole 0..100%; on a log one only the decades the data span).
  std::string x_unit, y_unit;
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
  double y_reference = -1;  // a dashed horizontal line (e.g. an SLO bound); < 0 = none
  std::string y_reference_label;
  bool y_reference_is_guide = false;  // grey (a reading aid) rather than red (a bound)
  double x_reference = -1;            // a dashed vertical line (e.g. an SLO bound); < 0 = none
  std::string x_reference_label;
};

// A <svg> element. Points that a log axis cannot show (<= 0) are left out. A chart with no
// drawable point still renders its frame and a "no data" note.
std::string RenderSvgChart(const ChartSpec& spec);

// Ticks for [lo, hi]: 1-2-5 steps on a linear axis, 1-2-5 per decade on a log axis (decades
// only when they are enough). Exposed for tests.
std::vector<double> AxisTicks(double lo, double hi, bool log);

// HTML/XML text escaping: & < > " '.
std::string EscapeHtml(const std::string& s);

}  // namespace plan
