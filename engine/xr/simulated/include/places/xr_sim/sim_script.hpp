#pragma once
// The simulated headset's configuration and script (docs/formats/xr-sim-script.md):
// plain data, parsed without OpenXR or Vulkan so unit tests cover it.
//
// Frames: the script is keyed by frame number (1 = the first xrWaitFrame of the
// session), not by time, so a slow software renderer plays the same poses and
// presses as a fast GPU. Poses are in the STAGE space (metres, Y up, -Z forward,
// OpenXR's convention), linearly interpolated between keys (slerp for rotation).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <glm/gtc/quaternion.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "places/core/diagnostic.hpp"

namespace places::xr_sim {

struct PoseKey {
    std::uint64_t frame = 1;
    glm::dvec3 position{0.0};
    glm::dquat orientation{1.0, 0.0, 0.0, 0.0};  // w, x, y, z
};

// One change of an input component, e.g. "/user/hand/right/input/trigger/value"
// to 1.0 from `frame` on. Vector inputs (thumbsticks, trackpads) use `xy`.
struct InputKey {
    std::uint64_t frame = 1;
    std::string path;
    glm::dvec2 xy{0.0};  // scalar inputs use x
};

// Per-eye field of view in radians (XrFovf's meaning: left/down negative).
struct EyeFov {
    double angleLeft = 0.0, angleRight = 0.0, angleUp = 0.0, angleDown = 0.0;
};

struct SimConfig {
    double refreshHz = 90.0;                // 72, 90 or 120
    bool depthExtension = true;             // offer XR_KHR_composition_layer_depth
    bool vulkanExtension = true;            // offer XR_KHR_vulkan_enable2 (false: a runtime without Vulkan)
    bool headsetPresent = true;             // false: xrGetSystem says XR_ERROR_FORM_FACTOR_UNAVAILABLE
    std::uint32_t eyeWidth = 640, eyeHeight = 720;  // recommended per-eye image size
    double ipdMetres = 0.064;
    std::array<EyeFov, 2> fov{EyeFov{-0.82, 0.70, 0.76, -0.84}, EyeFov{-0.70, 0.82, 0.76, -0.84}};
    std::string interactionProfile = "/interaction_profiles/oculus/touch_controller";
    std::uint64_t exitAtFrame = 0;          // 0 = run until the app asks to exit
    std::uint64_t lossAtFrame = 0;          // 0 = never; else LOSS_PENDING there
    std::vector<PoseKey> head;              // empty = standing at (0, 1.6, 0) looking -Z
    std::map<std::string, std::vector<PoseKey>> hands;  // "left"/"right" -> grip poses
    std::vector<InputKey> inputs;           // sorted by frame
    std::string captureDirectory;           // empty = no eye PNGs
    std::vector<std::uint64_t> captureFrames;  // empty with a directory = the exit frame only
    std::string statsFile;                  // empty = none; JSON written on state changes
};

// Parses a config JSON (text named `file` for messages). Unknown keys are
// warnings; wrong types or values out of range are errors with the JSON pointer.
Result<SimConfig> parseSimConfig(std::string_view text, const std::string& file);
// Reads PLACES_XR_SIM_CONFIG (defaults when unset) and applies the environment
// overrides PLACES_XR_SIM_CAPTURE_DIR and PLACES_XR_SIM_STATS.
Result<SimConfig> loadSimConfigFromEnvironment();

// Pose at `frame` from keys sorted by frame (clamped at both ends).
PoseKey poseAt(const std::vector<PoseKey>& keys, std::uint64_t frame, const PoseKey& fallback);
// Values of every input path at `frame`: the last key at or before it.
std::map<std::string, glm::dvec2> inputsAt(const std::vector<InputKey>& keys, std::uint64_t frame);

}  // namespace places::xr_sim
