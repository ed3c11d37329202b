#include "sheen.hpp"

#include <algorithm>

namespace places::assets::detail {

glm::vec4 foldSheen(const glm::vec4& baseColour, const glm::vec3& sheenColour) {
    glm::vec4 out = baseColour;
    for (int c = 0; c < 3; ++c) out[c] = std::min(1.0f, baseColour[c] + kSheenShare * std::max(0.0f, sheenColour[c]));
    return out;
}

}  // namespace places::assets::detail
