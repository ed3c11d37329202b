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
#include <glm/gtc/quaternion.hpp>
#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"

namespace places::visibility {

struct CameraPose {
    glm::dvec3 position{0.0};  // local frame
    double yawDeg = 0.0;
    double pitchDeg = 0.0;
    // Rotation about the view direction: positive turns the camera clockwise as
    // seen from behind it (its up vector tilts to the right; a tilted head).
    double rollDeg = 0.0;
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

// World (local frame) -> view space, with roll about the view direction.
glm::dmat4 viewMatrix(const CameraPose& pose);
// World -> view space for a camera whose orientation maps view axes (x right,
// y up, looking down -z) into the local frame: a headset eye's pose (OpenXR
// uses the same axes; the caller composes the stage-to-city transform).
glm::dmat4 viewMatrix(const glm::dvec3& position, const glm::dquat& orientation);

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

// A per-eye, possibly asymmetric frustum given by its edge angles in radians
// from the view direction (OpenXR's XrFovf: angleLeft and angleDown are
// negative for a frustum that contains the view direction). Each edge maps to
// the clip edge: angleLeft -> x -1, angleRight -> x +1, angleUp -> y -1 (top
// row, Vulkan), angleDown -> y +1. Depth as in Projection (reverse-Z, infinite far).
struct FovProjection {
    double angleLeft = -0.785398;
    double angleRight = 0.785398;
    double angleUp = 0.785398;
    double angleDown = -0.785398;
    double nearPlane = 0.1;  // metres, > 0
    double farPlane = 0.0;   // metres; 0 = infinite (reverse-Z only)
    bool reverseZ = true;
};
// Asserts angleLeft < angleRight, angleDown < angleUp, all within (-pi/2, pi/2).
glm::dmat4 projectionMatrix(const FovProjection& projection);

}  // namespace places::visibility
