#pragma once
// Avatars of one frame -> dynamic instances and name tags (pure, no GPU):
// culls against the views, picks one level per avatar (all its parts alike)
// by the screen-space-error rule of props, turns far or over-budget avatars
// into dots, fades name tags with distance, and counts every decision.
// Frame: the city's local frame (metres, Y up, x east, z south).
#include <cstdint>
#include <string>
#include <vector>

#include <glm/gtc/quaternion.hpp>
#include <glm/vec3.hpp>

#include "places/render/avatar_model.hpp"
#include "places/render/frame_inputs.hpp"

namespace places::render {

struct AvatarPose {
    glm::vec3 position{0.0f};
    glm::quat orientation{1.0f, 0.0f, 0.0f, 0.0f};  // model -> local frame; model faces -z
};

struct AvatarState {
    std::uint32_t id = 0;
    AvatarPose head, leftHand, rightHand;
    glm::vec3 colour{0.8f};   // linear RGB tint of head, hands and torso
    AvatarRole role = AvatarRole::Visitor;
    std::string name;         // UTF-8, shown on the name tag
    float alpha = 1.0f;       // 1 = present; towards 0 while fading out (timeouts, leaves)
    bool speaking = false;    // voice heard from this avatar now: a ring above its head
};

struct AvatarBudget {
    std::uint32_t maxBodies = 300;        // nearest avatars drawn as bodies; the others as dots
    double dotDistanceM = 80.0;           // beyond this every avatar is a dot
    double tagFadeStartM = 25.0;          // name tags fade out from here ...
    double tagFadeEndM = 30.0;            // ... to nothing here (none drawn beyond)
    float tagEmHeightM = 0.25f;           // name tag font size
    float tagAboveHeadM = 0.2f;           // tag anchor above the head centre
    // In a crowd the tags of people behind each other pile up into an
    // unreadable block. Tags are placed nearest first; one whose screen box is
    // more than this share covered by tags already placed is left out (1 or
    // more: every tag is drawn).
    double tagMaxCoveredShare = 0.35;
    double viewportHeightPx = 720.0;      // per-eye viewport, for the level choice
    double maxScreenSpaceErrorPx = visibility::kDefaultMaxScreenSpaceErrorPx;
};

struct AvatarFrame {
    std::vector<DynamicInstance> instances;
    std::vector<WorldText> nameTags;   // text views into `tagText`
    std::vector<std::string> tagText;  // reserved up front: never reallocates under the views
    AvatarCounts counts;
    // Reused storage of the builder (the visible avatars by distance).
    struct Candidate {
        std::uint32_t index;
        double distance;
    };
    std::vector<Candidate> scratch;
    // Reused storage: the name tags placed so far this frame, as boxes on the
    // first view's screen (normalised device coordinates).
    struct TagBox {
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    };
    std::vector<TagBox> placedTags;
};

// The torso's orientation: the head's yaw only (no pitch or roll), so the
// body stays upright when the head nods or tilts.
glm::quat torsoOrientation(const glm::quat& head);

// Name tag opacity at `distanceM`: 1 up to fadeStart, linear to 0 at fadeEnd.
float tagAlpha(double distanceM, const AvatarBudget& budget);

AvatarFrame buildAvatarInstances(const std::vector<AvatarState>& avatars, const AvatarModels& models,
                                 const FrameViews& views, const AvatarBudget& budget = {});
// The same into `out`, reusing its vectors (names longer than the small-string
// buffer still allocate their tag text):
// for a frame loop. The name tags view `out.tagText`: valid until the next call.
void buildAvatarInstances(const std::vector<AvatarState>& avatars, const AvatarModels& models,
                          const FrameViews& views, const AvatarBudget& budget, AvatarFrame& out);

}  // namespace places::render
