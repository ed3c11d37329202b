#pragma once
// The avatar look as plain geometry (no GPU): a stylised body added to a
// SceneGeometry as a few models every avatar shares, drawn as dynamic
// instances (avatar_instances.hpp) tinted per participant:
//   head   a sphere with a dark visor on its front (-z), so facing shows;
//   hand   a flattened rounded box (one model for both hands);
//   torso  a capsule hanging below the head, turned by the head's yaw only;
//   badge  one per role (host: gold star, moderator: blue diamond,
//          exhibitor: green square) on the torso's chest, in its own colours;
//   dot    an octahedron, what a far or over-budget avatar becomes;
//   speaking  a thin ring floating above the head while the avatar's voice
//          is heard (the speaking indicator).
// Head, hand and torso have two coarser, hand-built low-poly levels whose
// geometric errors (metres, the largest distance of the true surface from
// the facets) feed the same screen-space-error rule as props.
// Model space: metres, y up, the face looking down -z (yaw 0 = north in the
// local frame). Vertex colours are white where the participant's tint shows.
#include <array>
#include <cstdint>
#include <vector>

#include "places/render/scene_geometry.hpp"

namespace places::render {

enum class AvatarRole : std::uint8_t { Visitor, Host, Moderator, Exhibitor, Spectator };

// Body proportions, metres.
inline constexpr float kAvatarHeadRadiusM = 0.12f;
inline constexpr float kAvatarTorsoRadiusM = 0.17f;
inline constexpr float kAvatarTorsoLengthM = 0.62f;   // end to end, caps included
inline constexpr float kAvatarNeckDropM = 0.20f;      // head centre to the torso's top
inline constexpr float kAvatarDotRadiusM = 0.2f;
inline constexpr float kAvatarSpeakingRingRadiusM = 0.09f;
inline constexpr float kAvatarSpeakingRingAboveM = 0.17f;  // ring centre above the head centre

struct AvatarModels {
    std::uint32_t head = 0;   // origin: head centre
    std::uint32_t hand = 0;   // origin: palm centre
    std::uint32_t torso = 0;  // origin: top of the torso (the neck), hangs along -y
    std::uint32_t dot = 0;    // origin: centre, radius kAvatarDotRadiusM
    std::uint32_t speaking = 0;  // origin: the ring's centre; lies in the xz plane
    // By role: [0] host, [1] moderator, [2] exhibitor. Origin as the torso's.
    std::array<std::uint32_t, 3> badges{};
    std::uint32_t levels = 0; // levels of head, hand and torso (the same count)
    // Per level, metres: the largest geometric error of any part at that level
    // (the torso's): one level serves all parts of an avatar.
    std::vector<float> levelErrors;
};

// Appends the avatar models (material 0, plain) to `scene`.
AvatarModels addAvatarModels(SceneGeometry& scene);

// The badge model of a role; nullptr-like ~0u for roles without one.
std::uint32_t badgeModel(const AvatarModels& models, AvatarRole role);

// Short label shown on name tags ("" for visitors).
const char* roleLabel(AvatarRole role);

}  // namespace places::render
