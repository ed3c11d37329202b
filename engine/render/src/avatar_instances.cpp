#include "places/render/avatar_instances.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "places/visibility/frustum.hpp"
#include "places/visibility/level_selection.hpp"

namespace places::render {

namespace {

glm::mat4 poseMatrix(const glm::vec3& position, const glm::quat& orientation) {
    glm::mat4 m = glm::mat4_cast(glm::normalize(orientation));
    m[3] = glm::vec4(position, 1.0f);
    return m;
}

bool finitePose(const AvatarPose& p) {
    return std::isfinite(p.position.x) && std::isfinite(p.position.y) && std::isfinite(p.position.z) &&
           std::isfinite(p.orientation.w) && std::isfinite(p.orientation.x) && std::isfinite(p.orientation.y) &&
           std::isfinite(p.orientation.z) && glm::dot(p.orientation, p.orientation) > 1e-12f;
}

// A box around everything of an avatar (head, hands within arm's reach, torso).
city::Bounds avatarBounds(const AvatarState& a) {
    const glm::dvec3 head(a.head.position);
    return {head - glm::dvec3(0.9, double(kAvatarNeckDropM + kAvatarTorsoLengthM) + 0.1, 0.9),
            head + glm::dvec3(0.9, 0.6, 0.9)};
}

// Name tag text colour (linear): white, or the role's badge colour lightened.
glm::vec3 roleTagColour(AvatarRole role) {
    switch (role) {
        case AvatarRole::Host: return {1.0f, 0.82f, 0.25f};
        case AvatarRole::Moderator: return {0.45f, 0.65f, 1.0f};
        case AvatarRole::Exhibitor: return {0.45f, 1.0f, 0.55f};
        default: return glm::vec3(1.0f);
    }
}

// The speaking ring's tint (linear): a bright green that reads on any tint.
constexpr glm::vec3 kSpeakingRingColour{0.25f, 1.0f, 0.45f};

}  // namespace

glm::quat torsoOrientation(const glm::quat& head) {
    const glm::quat q = glm::normalize(head);
    glm::vec3 forward = q * glm::vec3(0.0f, 0.0f, -1.0f);
    // Looking straight up or down: the top of the head shows where the body faces.
    if (forward.x * forward.x + forward.z * forward.z < 1e-6f) {
        const glm::vec3 up = q * glm::vec3(0.0f, 1.0f, 0.0f);
        forward = forward.y < 0.0f ? up : -up;
    }
    const float yaw = std::atan2(-forward.x, -forward.z);  // rotation about +y taking -z to forward
    return glm::angleAxis(yaw, glm::vec3(0.0f, 1.0f, 0.0f));
}

using TagBox = AvatarFrame::TagBox;

// A name tag's box on the first view's screen, in normalised device
// coordinates (the covered share compared below does not depend on the
// pixels' aspect), from its line count and longest line: an average glyph is
// about 0.6 em wide with its outline (DejaVu Sans), a line about 1.16 em high
// (world_text.hpp). The tag is a billboard standing on its anchor, the bottom
// centre. Empty when a corner is behind the eye.
std::optional<TagBox> tagBox(const WorldText& text, const EyeView& eye) {
    std::size_t lines = 1, longest = 0, current = 0;
    for (const char c : text.text) {
        if (c == '\n') {
            ++lines;
            current = 0;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {  // code points, not UTF-8 bytes
            longest = std::max(longest, ++current);
        }
    }
    const float width = float(longest) * 0.6f * text.emHeightM, height = float(lines) * 1.16f * text.emHeightM;
    const glm::vec3 up(0.0f, 1.0f, 0.0f);
    glm::vec3 right = glm::cross(text.anchor - eye.eye, up);
    right = glm::dot(right, right) > 1e-12f ? glm::normalize(right) : glm::vec3(1.0f, 0.0f, 0.0f);
    const auto ndc = [&](const glm::vec3& p) -> std::optional<glm::dvec2> {
        const glm::vec4 clip = eye.viewProjection * glm::vec4(p, 1.0f);
        if (!(clip.w > 1e-4f)) return std::nullopt;
        return glm::dvec2(clip.x / clip.w, clip.y / clip.w);
    };
    const auto a = ndc(text.anchor - right * (width * 0.5f)), b = ndc(text.anchor + right * (width * 0.5f));
    const auto bottom = ndc(text.anchor), top = ndc(text.anchor + up * height);
    if (!a || !b || !bottom || !top) return std::nullopt;
    return TagBox{std::min(a->x, b->x), std::min(bottom->y, top->y), std::max(a->x, b->x), std::max(bottom->y, top->y)};
}

double area(const TagBox& b) { return std::max(0.0, b.x1 - b.x0) * std::max(0.0, b.y1 - b.y0); }

double overlapArea(const TagBox& a, const TagBox& b) {
    return std::max(0.0, std::min(a.x1, b.x1) - std::max(a.x0, b.x0)) *
           std::max(0.0, std::min(a.y1, b.y1) - std::max(a.y0, b.y0));
}

float tagAlpha(double distanceM, const AvatarBudget& budget) {
    if (distanceM <= budget.tagFadeStartM) return 1.0f;
    if (distanceM >= budget.tagFadeEndM) return 0.0f;
    return float((budget.tagFadeEndM - distanceM) / (budget.tagFadeEndM - budget.tagFadeStartM));
}

AvatarFrame buildAvatarInstances(const std::vector<AvatarState>& avatars, const AvatarModels& models,
                                 const FrameViews& views, const AvatarBudget& budget) {
    AvatarFrame out;
    buildAvatarInstances(avatars, models, views, budget, out);
    return out;
}

void buildAvatarInstances(const std::vector<AvatarState>& avatars, const AvatarModels& models,
                          const FrameViews& views, const AvatarBudget& budget, AvatarFrame& out) {
    out.instances.clear();
    out.nameTags.clear();
    out.tagText.clear();
    out.counts = {};
    out.tagText.reserve(avatars.size());  // before any view into it is taken
    const auto selection = views.selectionViews();
    const visibility::SelectionOptions lod{budget.maxScreenSpaceErrorPx, budget.viewportHeightPx,
                                           views.verticalFovDeg};
    // Pass 1: who is visible, and how far.
    using Candidate = AvatarFrame::Candidate;
    std::vector<Candidate>& visible = out.scratch;
    visible.clear();
    visible.reserve(avatars.size());
    for (std::uint32_t i = 0; i < avatars.size(); ++i) {
        const AvatarState& a = avatars[i];
        if (a.role == AvatarRole::Spectator || !(a.alpha > 0.0f)) {
            ++out.counts.hidden;
            continue;
        }
        if (!finitePose(a.head) || !finitePose(a.leftHand) || !finitePose(a.rightHand)) {
            ++out.counts.invalid;  // NaN or infinite: never reaches the GPU or the sort
            continue;
        }
        const city::Bounds b = avatarBounds(a);
        bool inView = false;
        for (const visibility::SelectionView& v : selection) inView = inView || visibility::intersects(v.frustum, b);
        if (!inView) {
            ++out.counts.culled;
            continue;
        }
        const glm::dvec3 head(a.head.position);
        const double distance = visibility::nearestEyeDistance(selection, {head, head});
        visible.push_back({i, distance});
    }
    // The nearest maxBodies (within dotDistance) get bodies; ties keep input order.
    std::stable_sort(visible.begin(), visible.end(),
                     [](const Candidate& x, const Candidate& y) { return x.distance < y.distance; });
    out.instances.reserve(visible.size() * 5);
    out.nameTags.reserve(visible.size());
    std::vector<TagBox>& placedTags = out.placedTags;  // nearest first: a nearer tag wins the space
    placedTags.clear();
    const double pxPerMetreAt1m =
        budget.viewportHeightPx / (2.0 * std::tan(views.verticalFovDeg * 3.14159265358979323846 / 360.0));
    for (std::size_t rank = 0; rank < visible.size(); ++rank) {
        const AvatarState& a = avatars[visible[rank].index];
        const double distance = visible[rank].distance;
        const float alpha = std::min(a.alpha, 1.0f);
        const glm::vec4 tint(a.colour, alpha);
        if (rank >= budget.maxBodies || distance > budget.dotDistanceM) {
            // A dot at the head, at least ~3 pixels wide however far.
            const float minRadius = float(1.5 * distance / pxPerMetreAt1m);
            const float scale = std::max(1.0f, minRadius / kAvatarDotRadiusM);
            glm::mat4 m = glm::scale(glm::mat4(1.0f), glm::vec3(scale));
            m[3] = glm::vec4(a.head.position, 1.0f);
            out.instances.push_back({models.dot, m, tint, 0});
            ++out.counts.asDots;
            continue;
        }
        // One level for the whole avatar, chosen by its largest part's errors.
        const std::uint32_t level = visibility::chooseLevel(models.levelErrors, 1.0, distance, lod).level;
        ++(level == 0 ? out.counts.full : out.counts.coarse);
        out.instances.push_back({models.head, poseMatrix(a.head.position, a.head.orientation), tint, level});
        out.instances.push_back({models.hand, poseMatrix(a.leftHand.position, a.leftHand.orientation), tint, level});
        out.instances.push_back({models.hand, poseMatrix(a.rightHand.position, a.rightHand.orientation), tint, level});
        const glm::mat4 torso = poseMatrix(a.head.position - glm::vec3(0.0f, kAvatarNeckDropM, 0.0f),
                                           torsoOrientation(a.head.orientation));
        out.instances.push_back({models.torso, torso, tint, level});
        if (const std::uint32_t badge = badgeModel(models, a.role); badge != ~0u)
            out.instances.push_back({badge, torso, glm::vec4(1.0f, 1.0f, 1.0f, alpha), 0});
        if (a.speaking) {
            // Upright whatever the head does: who speaks shows from every side.
            glm::mat4 ring(1.0f);
            ring[3] = glm::vec4(a.head.position + glm::vec3(0.0f, kAvatarSpeakingRingAboveM, 0.0f), 1.0f);
            out.instances.push_back({models.speaking, ring, glm::vec4(kSpeakingRingColour, alpha), 0});
        }

        const float tag = tagAlpha(distance, budget) * alpha;
        if (tag <= 0.0f || a.name.empty()) continue;
        const char* label = roleLabel(a.role);
        // The role on a line above the name: a tag stays about as narrow as the name.
        out.tagText.push_back(*label ? std::string(label) + "\n" + a.name : a.name);
        WorldText text;
        text.text = out.tagText.back();
        text.anchor = a.head.position + glm::vec3(0.0f, budget.tagAboveHeadM, 0.0f);
        text.emHeightM = budget.tagEmHeightM;
        text.colour = glm::vec4(roleTagColour(a.role), tag);
        if (budget.tagMaxCoveredShare < 1.0) {
            if (const auto box = tagBox(text, views.eyes[0])) {
                // Summed over the placed tags: an upper bound of their union, so
                // a tag squeezed between two neighbours counts as covered too.
                double covered = 0.0;
                for (const TagBox& placed : placedTags) covered += overlapArea(*box, placed);
                if (area(*box) > 0.0 && covered > budget.tagMaxCoveredShare * area(*box)) {
                    ++out.counts.tagsHidden;
                    out.tagText.pop_back();
                    continue;
                }
                placedTags.push_back(*box);
            }
        }
        out.nameTags.push_back(text);
    }
}

}  // namespace places::render
