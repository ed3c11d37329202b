#pragma once
// Synthetic cities for tests of tiling, the pack and glTF export: rows of
// gabled houses, flat-roofed L-shaped blocks and buildings made of two parts,
// with ids, function codes and measured heights, built the way the import
// builds a City (vertices per polygon, flat normals, local Y-up frame).
#include <cstdint>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"

namespace places::city::test {

struct SyntheticOptions {
    int columns = 6;            // buildings along x (east)
    int rows = 5;               // buildings along z (south)
    double spacing = 40.0;      // metres between building centres
    // Added to every coordinate so positions are not on a binary grid (tests
    // then see real float rounding).
    glm::dvec3 offset{-117.3141592, 0.2718281, 61.6180339};
};

City makeSyntheticCity(const SyntheticOptions& options = {});

// One L-shaped flat-roofed building: 20 x 20 m with a 10 x 10 m notch, 8 m high.
City makeLShapedCity();

}  // namespace places::city::test
