#pragma once
// DejaVu Sans (assets/fonts/DejaVuSans.ttf, fonts-dejavu-core; licence in
// assets/ATTRIBUTION.md), linked into the library by embedded_font.cpp.
#include <cstddef>
#include <span>

namespace places::ui {

std::span<const std::byte> embeddedFont();

}  // namespace places::ui
