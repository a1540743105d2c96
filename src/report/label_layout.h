// Where the text labels of a chart go so that none overlaps another: each label tries spots
// around its point, nearest first, and takes the first that is free and inside the plot. Widths
// are estimated from the character count (generously, for a wide sans-serif), so a label that
// fits here fits in the browser.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace plan {

struct LabelBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // left, top, right, bottom

  bool Overlaps(const LabelBox& o) const {
    return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
  }
  bool Inside(const LabelBox& o) const {
    return x0 >= o.x0 && x1 <= o.x1 && y0 >= o.y0 && y1 <= o.y1;
  }
};

// The box `text` in a `font_px` sans-serif takes, written with text-anchor "start", "middle" or
// "end" at (x, baseline y).
LabelBox TextBox(const std::string& text, double font_px, double x, double y,
                 const char* anchor = "start");

// A placed label: written with text-anchor="start" at (x, baseline y); `leader` when it sits away
// from its point, which a line should then join.
struct LabelSpot {
  double x = 0, y = 0;
  LabelBox box;
  bool leader = false;
};

class LabelLayout {
 public:
  // Labels are kept inside `area` (the plot).
  explicit LabelLayout(const LabelBox& area) : area_(area) {}

  // Marks a box as taken: another label, a tick, a marker.
  void Occupy(const LabelBox& b) { taken_.push_back(b); }

  // The nearest free spot for `text` around the point (px, py), at most `reach` px away, taken;
  // nullopt when none is free (the caller leaves the label to its tooltip).
  std::optional<LabelSpot> Place(const std::string& text, double font_px, double px, double py,
                                 double reach = 160);

 private:
  LabelBox area_;
  std::vector<LabelBox> taken_;
};

}  // namespace plan
