#include "report/label_layout.h"

#include <cstring>

namespace plan {

namespace {

// Per em of font size: a wide sans-serif's (DejaVu Sans) average advance, generously; its
// ascent and descent.
constexpr double kAdvance = 0.64, kAscent = 0.95, kDescent = 0.25;

// Characters, not bytes: a UTF-8 continuation byte adds no width.
size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

LabelBox TextBox(const std::string& text, double font_px, double x, double y, const char* anchor) {
  const double w = static_cast<double>(Chars(text)) * font_px * kAdvance;
  const double left = std::strcmp(anchor, "end") == 0      ? x - w
                      : std::strcmp(anchor, "middle") == 0 ? x - w / 2
                                                           : x;
  return {left, y - font_px * kAscent, left + w, y + font_px * kDescent};
}

std::optional<LabelSpot> LabelLayout::Place(const std::string& text, double font_px, double px,
                                            double py, double reach) {
  const double w = static_cast<double>(Chars(text)) * font_px * kAdvance;
  const double h = font_px * (kAscent + kDescent);
  // Rings of growing distance; in each, above-right first (the usual place), then the other
  // corners, then straight beside, above and below.
  constexpr double kRings[] = {6, 14, 26, 42, 62, 88, 120, 160};
  for (double d : kRings) {
    if (d > reach) break;
    const double spots[][2] = {{px + d, py - d - h},     {px - d - w, py - d - h},
                               {px + d, py + d},         {px - d - w, py + d},
                               {px + d, py - h / 2},     {px - d - w, py - h / 2},
                               {px - w / 2, py - d - h}, {px - w / 2, py + d}};
    for (const auto& s : spots) {
      const LabelBox box{s[0], s[1], s[0] + w, s[1] + h};
      if (!box.Inside(area_)) continue;
      bool free = true;
      for (const LabelBox& t : taken_) free = free && !box.Overlaps(t);
      if (!free) continue;
      taken_.push_back(box);
      return LabelSpot{box.x0, box.y0 + font_px * kAscent, box, d > kRings[0]};
    }
  }
  return std::nullopt;
}

}  // namespace plan
