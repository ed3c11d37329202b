#pragma once
#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"

namespace places::visibility::test {

inline city::Bounds box(glm::dvec3 min, glm::dvec3 max) {
    city::Bounds b;
    b.add(min);
    b.add(max);
    return b;
}

}  // namespace places::visibility::test
