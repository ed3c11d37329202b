#pragma once
// The bundled font, DejaVu Sans (assets/fonts/DejaVuSans.ttf, from Debian's
// fonts-dejavu-core; licence in assets/ATTRIBUTION.md), linked into the
// library: world text and the panel need no file at run time.
#include <cstddef>
#include <span>

namespace places::render {

std::span<const std::byte> embeddedFont();

}  // namespace places::render
