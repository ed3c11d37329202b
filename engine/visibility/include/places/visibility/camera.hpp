#pragma once
// Camera math in the city's local frame (right-handed, Y up, metres; x = east,
// y = up, z = south, see places/city/city_model.hpp). Double precision: the
// renderer converts the final matrices to float.
//
// Angles: yaw is a compass heading in degrees, clockwise seen from above
// (0 = looking north, 90 = east, 180 = south, 270 = west); pitch is degrees
// above the horizon (negative = looking down), clamped to [-90, 90].
//
// View space: OpenGL-style right-handed, x right, y up, camera looking down -z.
// Clip space: Vulkan's. The projection flips y (clip +y points down the
// framebuffer, so no negative viewport height is needed) and maps depth to
// [0, 1]. Reverse-Z (near -> 1, far -> 0, compare GREATER, clear depth to 0)
// is the default: with float depth it keeps centimetre precision from 0.1 m to
// 20 km, which a city needs; an infinite far plane is allowed there.
#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"

namespace places::visibility {

struct CameraPose {
    glm::dvec3 position{0.0};  // local frame
    double yawDeg = 0.0;
    double pitchDeg = 0.0;
};

struct YawPitch {
    double yawDeg = 0.0;
    double pitchDeg = 0.0;
};

// Unit view direction for a heading and pitch.
glm::dvec3 forwardFromYawPitch(double yawDeg, double pitchDeg);
// Inverse of forwardFromYawPitch for a non-zero direction (yaw 0 when vertical).
YawPitch yawPitchFromDirection(const glm::dvec3& direction);

// Local position of a point given in the origin's CRS as (E, N, H); the same
// rebasing as the city import (x = E - E0, y = H - H0, z = -(N - N0)).
glm::dvec3 localFromCrs(const glm::dvec3& enh, const city::GeoReference& geo);
glm::dvec3 crsFromLocal(const glm::dvec3& local, const city::GeoReference& geo);

// World (local frame) -> view space. Roll is not supported: cameras stay level.
glm::dmat4 viewMatrix(const CameraPose& pose);

struct Projection {
    double verticalFovDeg = 60.0;
    double aspect = 16.0 / 9.0;  // width / height
    double nearPlane = 0.1;      // metres, > 0
    double farPlane = 0.0;       // metres; 0 = infinite (reverse-Z only)
    bool reverseZ = true;
};

// View -> Vulkan clip space (see the header comment). farPlane 0 with
// reverseZ false is a bug (asserted).
glm::dmat4 projectionMatrix(const Projection& projection);

}  // namespace places::visibility
