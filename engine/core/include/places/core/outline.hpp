#pragma once
// Point in a horizontal outline, even-odd rule: shared by scene zones
// (places_scenes) and the relay's portal zones (places_net), which must agree
// on who is inside. `Vec2` is any type with .x and .y (the outline's x and z).
#include <cstddef>
#include <vector>

namespace places {

template <class Vec2>
bool insideOutline(const std::vector<Vec2>& outline, double x, double z) {
    bool inside = false;
    for (std::size_t i = 0, j = outline.size() - 1; i < outline.size(); j = i++) {
        const Vec2& a = outline[i];
        const Vec2& b = outline[j];
        if ((a.y > z) != (b.y > z) && x < (b.x - a.x) * (z - a.y) / (b.y - a.y) + a.x) inside = !inside;
    }
    return inside;
}

}  // namespace places
