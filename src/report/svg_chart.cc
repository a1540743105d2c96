#include "report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/label_layout.h"

namespace plan {

namespace {

// Geometry of every chart, in SVG user units: the plot area and room for the legend.
constexpr double kWidth = 800, kHeight = 380;
constexpr double kLeft = 72, kRight = 580, kTop = 40, kBottom = 326;
constexpr size_t kLegendChars = 24;
// How far a point's label may sit from it; further, and it would read as another point's.
constexpr double kPointLabelReach = 26;

// Colour-blind-safe categorical palette (Okabe & Ito, "Color Universal Design", 2002) without
// its yellow, too faint for a line on white; then greys.
constexpr const char* kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                    "#56B4E9", "#000000", "#666666", "#999999"};

const char* Color(int i) { return kPalette[static_cast<size_t>(i) % std::size(kPalette)]; }

// Per style index: a dash pattern ("" solid) and a marker shape; eight distinct pairs.
constexpr const char* kDashes[] = {"", "7 3", "2 2", "9 3 2 3", "4 4", "12 3", "1 3", "6 2 2 2"};
enum Shape { kCircle, kSquare, kTriangleUp, kDiamond, kTriangleDown };
constexpr Shape kShapes[] = {kCircle,       kSquare, kTriangleUp, kDiamond,
                             kTriangleDown, kCircle, kSquare,     kDiamond};

size_t StyleOf(const ChartSeries& s, size_t position) {
  return static_cast<size_t>(s.style >= 0 ? s.style : static_cast<int>(position)) %
         std::size(kDashes);
}

// A marker of `style` centred on (x, y), its <title> inside; styles 5..7 are hollow.
std::string MarkerShape(size_t style, double x, double y, const char* color,
                        const std::string& tip) {
  const std::string paint =
      style >= 5 ? fmt::format("fill=\"#fff\" stroke=\"{}\" stroke-width=\"1.5\"", color)
                 : fmt::format("fill=\"{}\"", color);
  const std::string title = tip.empty() ? "" : "<title>" + EscapeHtml(tip) + "</title>";
  constexpr double r = 3.5;
  switch (kShapes[style]) {
    case kCircle:
      return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" {}>{}</circle>", x, y, r,
                         paint, title);
    case kSquare:
      return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" height=\"{}\" {}>{}</rect>",
                         x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8, paint, title);
    case kTriangleUp:
    case kTriangleDown: {
      const double d = kShapes[style] == kTriangleUp ? 1 : -1;
      return fmt::format("<path d=\"M{:.1f} {:.1f}L{:.1f} {:.1f}L{:.1f} {:.1f}Z\" {}>{}</path>", x,
                         y - d * r * 1.2, x + r * 1.1, y + d * r * 0.8, x - r * 1.1,
                         y + d * r * 0.8, paint, title);
    }
    case kDiamond:
      return fmt::format(
          "<path d=\"M{:.1f} {:.1f}L{:.1f} {:.1f}L{:.1f} {:.1f}L{:.1f} {:.1f}Z\" {}>{}</path>", x,
          y - r * 1.3, x + r * 1.3, y, x, y + r * 1.3, x - r * 1.3, y, paint, title);
  }
  return "";
}

// The stroke-dasharray attribute of a series' line, "" for a solid one.
std::string DashAttr(const ChartSeries& s, size_t style) {
  const char* dash = s.dashed && !*kDashes[style] ? "6 4" : kDashes[style];
  return *dash ? fmt::format(" stroke-dasharray=\"{}\"", dash) : "";
}

std::string Compact(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return fmt::format("{:.4g}B", v / 1e9);
  if (a >= 1e6) return fmt::format("{:.4g}M", v / 1e6);
  if (a >= 1e3) return fmt::format("{:.4g}k", v / 1e3);
  return fmt::format("{:.4g}", v);
}

std::string TickLabel(double v, const std::string& unit) {
  if (unit == "$") return "$" + Compact(v);
  if (unit == "%") return fmt::format("{:.3g}%", v * 100);
  return Compact(v);
}

struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  double from = 0, to = 1;  // pixels
  double T(double v) const { return log ? std::log10(v) : v; }
  double Map(double v) const { return from + (T(v) - T(lo)) / (T(hi) - T(lo)) * (to - from); }
};

bool Drawable(const ChartSpec& s, double x, double y) {
  return std::isfinite(x) && std::isfinite(y) && (!s.log_x || x > 0) && (!s.log_y || y > 0);
}

// The axis over [lo, hi], widened to its outer ticks.
Axis MakeAxis(double lo, double hi, bool log, double from, double to, std::vector<double>* ticks) {
  if (!(lo < hi)) {
    const double d = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo = log ? lo / 2 : lo - d;
    hi = log ? hi * 2 : hi + d;
  }
  *ticks = AxisTicks(lo, hi, log);
  Axis a;
  a.lo = std::min(lo, ticks->front());
  a.hi = std::max(hi, ticks->back());
  a.log = log;
  a.from = from;
  a.to = to;
  return a;
}

}  // namespace

std::string EscapeHtml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<double> AxisTicks(double lo, double hi, bool log) {
  std::vector<double> ticks;
  if (log) {
    const int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
    const int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
    const bool fine = last - first < 2;
    for (int d = first; d <= last; ++d) {
      const double base = std::pow(10.0, d);
      ticks.push_back(base);
      if (fine && d < last) {
        ticks.push_back(2 * base);
        ticks.push_back(5 * base);
      }
    }
    return ticks;
  }
  const double raw = (hi - lo) / 5;
  const int e = static_cast<int>(std::floor(std::log10(raw)));
  double m = 10;
  for (double candidate : {1.0, 2.0, 5.0}) {
    if (candidate * std::pow(10.0, e) >= raw) {
      m = candidate;
      break;
    }
  }
  // i x m x 10^e, divided rather than multiplied for small steps so 0.6 prints as 0.6.
  auto tick = [&](double i) {
    return e >= 0 ? i * m * std::pow(10.0, e) : i * m / std::pow(10.0, -e);
  };
  const double step = tick(1);
  const double start = std::floor(lo / step + 1e-9);
  const double end = std::ceil(hi / step - 1e-9);
  for (double i = start; i <= end; ++i) ticks.push_back(i == 0 ? 0 : tick(i));
  return ticks;
}

std::string RenderSvgChart(const ChartSpec& spec) {
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  auto include = [&](double x, double y) {
    if (!Drawable(spec, x, y)) return;
    xlo = std::min(xlo, x);
    xhi = std::max(xhi, x);
    ylo = std::min(ylo, y);
    yhi = std::max(yhi, y);
  };
  for (const ChartSeries& s : spec.series)
    for (const ChartPoint& p : s.points) include(p.x, p.y);
  for (const ChartMarker& m : spec.markers) include(m.x, m.y);
  const bool empty = !(xlo <= xhi);
  if (empty) xlo = xhi = ylo = yhi = 1;
  if (spec.y_reference > 0 || (!spec.log_y && spec.y_reference == 0)) {
    ylo = std::min(ylo, spec.y_reference);
    yhi = std::max(yhi, spec.y_reference);
  }
  if (spec.x_reference > 0 || (!spec.log_x && spec.x_reference == 0)) {
    xlo = std::min(xlo, spec.x_reference);
    xhi = std::max(xhi, spec.x_reference);
  }
  if (spec.y_unit == "%" && !spec.log_y) {
    ylo = 0;
    yhi = 1;
  }

  std::vector<double> xticks, yticks;
  const Axis X = MakeAxis(xlo, xhi, spec.log_x, kLeft, kRight, &xticks);
  const Axis Y = MakeAxis(ylo, yhi, spec.log_y, kBottom, kTop, &yticks);
  const std::string clip = spec.id + "-plot";
  // Labels inside the plot (reference lines', markers', points') are laid out clear of each other.
  LabelLayout labels(LabelBox{kLeft + 2, kTop + 2, kRight - 2, kBottom - 2});

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{}\" class=\"chart\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n",
      EscapeHtml(spec.id), kWidth, kHeight, kWidth, kHeight, EscapeHtml(spec.title),
      EscapeHtml(spec.title));
  out += fmt::format(
      "<defs><clipPath id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>"
      "</clipPath></defs>\n",
      EscapeHtml(clip), kLeft - 4, kTop - 4, kRight - kLeft + 8, kBottom - kTop + 8);
  out += fmt::format("<text class=\"chart-title\" x=\"{}\" y=\"22\">{}</text>\n", kLeft,
                     EscapeHtml(spec.title));
  for (double t : xticks) {
    if (t < X.lo || t > X.hi) continue;
    const double x = X.Map(t);
    out += fmt::format(
        "<line class=\"grid\" x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\"/>"
        "<text class=\"tick\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
        x, kTop, x, kBottom, x, kBottom + 20, EscapeHtml(TickLabel(t, spec.x_unit)));
  }
  for (double t : yticks) {
    if (t < Y.lo || t > Y.hi) continue;
    const double y = Y.Map(t);
    out += fmt::format(
        "<line class=\"grid\" x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\"/>"
        "<text class=\"tick\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
        kLeft, y, kRight, y, kLeft - 6, y + 4, EscapeHtml(TickLabel(t, spec.y_unit)));
  }
  out += fmt::format("<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
                     kLeft, kTop, kRight - kLeft, kBottom - kTop);
  out +=
      fmt::format("<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                  (kLeft + kRight) / 2, kBottom + 38, EscapeHtml(spec.x_label));
  out += fmt::format(
      "<text class=\"axis-label\" transform=\"translate(16 {}) rotate(-90)\" "
      "text-anchor=\"middle\">{}</text>\n",
      (kTop + kBottom) / 2, EscapeHtml(spec.y_label));
  if (empty)
    out += fmt::format(
        "<text class=\"no-data\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">no data</text>\n",
        (kLeft + kRight) / 2, (kTop + kBottom) / 2);

  out += fmt::format("<g clip-path=\"url(#{})\">\n", EscapeHtml(clip));
  if (spec.y_reference >= 0 && Drawable(spec, X.lo, spec.y_reference)) {
    const double y = Y.Map(spec.y_reference);
    const char* cls = spec.y_reference_is_guide ? "guide" : "reference";
    labels.Occupy(TextBox(spec.y_reference_label, 11, kRight - 4, y - 4, "end"));
    out += fmt::format(
        "<line class=\"{}\" x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\"/>"
        "<text class=\"{}-label\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
        cls, kLeft, y, kRight, y, cls, kRight - 4, y - 4, EscapeHtml(spec.y_reference_label));
  }
  if (spec.x_reference >= 0 && Drawable(spec, spec.x_reference, Y.lo)) {
    // The label reads from the line's top, to its right unless that runs out of the plot.
    const double x = X.Map(spec.x_reference);
    const bool right = x + 7.0 * static_cast<double>(spec.x_reference_label.size()) < kRight;
    labels.Occupy(TextBox(spec.x_reference_label, 11, right ? x + 4 : x - 4, kTop + 12,
                          right ? "start" : "end"));
    out += fmt::format(
        "<line class=\"reference\" x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\"/>"
        "<text class=\"reference-label\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"{}\">{}</text>\n",
        x, kTop, x, kBottom, right ? x + 4 : x - 4, kTop + 12, right ? "start" : "end",
        EscapeHtml(spec.x_reference_label));
  }
  for (size_t i = 0; i < spec.series.size(); ++i) {
    const ChartSeries& s = spec.series[i];
    const char* color = Color(s.color >= 0 ? s.color : static_cast<int>(i));
    const size_t style = StyleOf(s, i);
    out += fmt::format("<g class=\"series\" data-name=\"{}\">", EscapeHtml(s.name));
    std::string points;
    const ChartPoint* last = nullptr;
    for (const ChartPoint& p : s.points) {
      if (!Drawable(spec, p.x, p.y)) continue;
      if (s.step && last) points += fmt::format("{:.1f},{:.1f} ", X.Map(p.x), Y.Map(last->y));
      points += fmt::format("{:.1f},{:.1f} ", X.Map(p.x), Y.Map(p.y));
      last = &p;
    }
    if (s.line && !points.empty()) {
      points.pop_back();
      out +=
          fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>",
                      points, color, DashAttr(s, style));
    }
    if (s.dots) {
      for (const ChartPoint& p : s.points)
        if (Drawable(spec, p.x, p.y))
          out += MarkerShape(style, X.Map(p.x), Y.Map(p.y), color, p.tip);
    }
    out += "</g>\n";
  }
  // Marked points and labelled points keep their own spot free; markers' labels are placed first.
  for (const ChartMarker& m : spec.markers)
    if (Drawable(spec, m.x, m.y))
      labels.Occupy({X.Map(m.x) - 7, Y.Map(m.y) - 7, X.Map(m.x) + 7, Y.Map(m.y) + 7});
  // Every dot keeps its own spot free too, so a label never hides a point.
  for (const ChartSeries& s : spec.series)
    for (const ChartPoint& p : s.points)
      if (s.dots && Drawable(spec, p.x, p.y))
        labels.Occupy({X.Map(p.x) - 4, Y.Map(p.y) - 4, X.Map(p.x) + 4, Y.Map(p.y) + 4});
  // A label at its spot, joined to its point by a thin line when it had to move away; none
  // when no spot is free (the point's tooltip still says it).
  auto label = [&](const std::string& text, double px, double py, double reach) -> std::string {
    const std::optional<LabelSpot> at = labels.Place(text, 11, px, py, reach);
    if (!at) return "";
    std::string out;
    if (at->leader)
      out += fmt::format(
          "<line class=\"leader\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>", px,
          py, std::clamp(px, at->box.x0, at->box.x1), std::clamp(py, at->box.y0, at->box.y1));
    return out +
           fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", at->x, at->y, EscapeHtml(text));
  };
  for (const ChartMarker& m : spec.markers) {
    if (!Drawable(spec, m.x, m.y)) continue;
    const double x = X.Map(m.x), y = Y.Map(m.y);
    out += fmt::format(
        "<g class=\"marker\"><circle cx=\"{:.1f}\" cy=\"{:.1f}\" "
        "r=\"6\"/>{}<title>{}</title></g>\n",
        x, y, label(m.label, x, y, 160), EscapeHtml(m.label));
  }
  for (const ChartSeries& s : spec.series)
    for (const ChartPoint& p : s.points)
      if (!p.label.empty() && Drawable(spec, p.x, p.y))
        out += "<g class=\"point-label\">" +
               label(p.label, X.Map(p.x), Y.Map(p.y), kPointLabelReach) + "</g>\n";
  out += "</g>\n";

  double ly = kTop + 6;
  for (size_t i = 0; i < spec.series.size(); ++i) {
    const ChartSeries& s = spec.series[i];
    const char* color = Color(s.color >= 0 ? s.color : static_cast<int>(i));
    const size_t style = StyleOf(s, i);
    std::string shown = s.name;
    if (shown.size() > kLegendChars) shown = shown.substr(0, kLegendChars - 1) + "\xE2\x80\xA6";
    // The series' own line (if it has one) and marker (if it has dots), as drawn in the plot.
    std::string key;
    if (s.line || !s.dots)
      key += fmt::format(
          "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" "
          "stroke-width=\"2\"{}/>",
          kRight + 10, ly + 6, kRight + 34, ly + 6, color, DashAttr(s, style));
    if (s.dots) key += MarkerShape(style, kRight + 22, ly + 6, color, "");
    out += fmt::format(
        "<g class=\"legend\">{}<text x=\"{}\" y=\"{:.1f}\">{}</text><title>{}</title></g>\n", key,
        kRight + 40, ly + 10, EscapeHtml(shown), EscapeHtml(s.name));
    ly += 18;
  }
  return out + "</svg>\n";
}

}  // namespace plan
