#pragma once
// KHR_materials_sheen approximated for a renderer without a sheen lobe.
// Private to places_assets.
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

namespace places::assets::detail {

// The share of the sheen colour a velvet surface reflects on average over the
// view directions a visitor sees it from: the Charlie sheen lobe reflects
// little head-on and most at grazing angles, and its directional albedo,
// averaged over the hemisphere, lies around a half for the roughness range
// cloth uses (0.3..1). One constant keeps the import predictable.
inline constexpr float kSheenShare = 0.5f;

// Base colour plus kSheenShare of the sheen colour, each channel at most 1;
// alpha kept. A base colour texture still multiplies the result.
glm::vec4 foldSheen(const glm::vec4& baseColour, const glm::vec3& sheenColour);

}  // namespace places::assets::detail
