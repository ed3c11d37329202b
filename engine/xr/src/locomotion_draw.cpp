#include "places/xr/locomotion_draw.hpp"

#include <cmath>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

namespace places::xr {
namespace {

constexpr glm::vec4 kValid{0.15f, 0.85f, 0.35f, 1.0f};
constexpr glm::vec4 kInvalid{0.95f, 0.12f, 0.08f, 1.0f};
constexpr glm::vec4 kArcValid{0.25f, 0.65f, 1.0f, 1.0f};
constexpr float kMarkerLiftM = 0.02f;  // above the ground, so the ring does not fight its depth
constexpr std::size_t kArcStride = 2;  // a cube on every other arc point: a dotted line
// Dots grow along the arc (x1 at the hand to x3 at its end) so the far part
// stays visible and the near part does not fill the view.
constexpr float kArcGrowth = 2.0f;

std::uint32_t addRingModel(render::SceneGeometry& scene, float inner, float outer, int segments) {
    std::vector<render::Vertex> vertices;
    std::vector<std::uint32_t> indices;
    const glm::vec3 up(0.0f, 1.0f, 0.0f);
    for (int s = 0; s <= segments; ++s) {
        const float a = 2.0f * 3.14159265f * float(s) / float(segments);
        const glm::vec3 d(std::cos(a), 0.0f, std::sin(a));
        vertices.push_back({d * inner, up, {0.0f, 0.0f}, render::packRgba8(255, 255, 255)});
        vertices.push_back({d * outer, up, {1.0f, 0.0f}, render::packRgba8(255, 255, 255)});
    }
    for (std::uint32_t s = 0; s < std::uint32_t(segments); ++s) {
        const std::uint32_t i0 = 2 * s, o0 = i0 + 1, i1 = i0 + 2, o1 = i0 + 3;
        // Counter-clockwise seen from above (the renderer's front faces): (b - a) x (c - a) = +Y.
        indices.insert(indices.end(), {i0, i1, o0, o0, i1, o1});
    }
    return scene.addModel({scene.addSubmesh(vertices, indices, 0)});
}

}  // namespace

LocomotionModels addLocomotionModels(render::SceneGeometry& scene) {
    LocomotionModels models;
    models.arcDot = render::addBoxModel(scene, glm::vec3(0.02f), render::packRgba8(255, 255, 255));
    models.marker = addRingModel(scene, 0.28f, 0.4f, 32);
    return models;
}

void appendLocomotionInstances(const LocomotionFrame& frame, const LocomotionModels& models,
                               std::vector<render::DynamicInstance>& out) {
    if (!frame.aiming) return;
    const glm::vec4 arcColour = frame.arc.valid ? kArcValid : kInvalid;
    const float last = float(frame.arc.points.size() - 1);
    for (std::size_t i = 1; i < frame.arc.points.size(); i += kArcStride) {
        render::DynamicInstance dot;
        dot.model = models.arcDot;
        dot.transform = glm::scale(glm::translate(glm::mat4(1.0f), glm::vec3(frame.arc.points[i])),
                                   glm::vec3(1.0f + kArcGrowth * float(i) / last));
        dot.colour = arcColour;
        out.push_back(dot);
    }
    if (!frame.arc.hit) return;
    // The ring lies on the surface hit, turned to its normal.
    const glm::vec3 normal(frame.arc.hit->normal);
    const glm::vec3 up(0.0f, 1.0f, 0.0f);
    glm::mat4 transform = glm::translate(glm::mat4(1.0f), glm::vec3(frame.arc.hit->point) + normal * kMarkerLiftM);
    const glm::vec3 axis = glm::cross(up, normal);
    const float sine = glm::length(axis);
    if (sine > 1e-4f) transform = glm::rotate(transform, std::atan2(sine, glm::dot(up, normal)), axis / sine);
    else if (normal.y < 0.0f) transform = glm::rotate(transform, 3.14159265f, glm::vec3(1.0f, 0.0f, 0.0f));
    render::DynamicInstance marker;
    marker.model = models.marker;
    marker.transform = transform;
    marker.colour = frame.arc.valid ? kValid : kInvalid;
    out.push_back(marker);
}

std::optional<render::WorldText> menuCard(const LocomotionFrame& frame, const StagePose& head,
                                          const std::string& text) {
    if (!frame.menuOpen) return std::nullopt;
    const glm::dquat q = frame.anchor.rotation * head.orientation;
    const glm::dvec3 eye = frame.anchor.toLocal(head.position);
    render::WorldText card;
    card.text = text;
    card.anchor = glm::vec3(eye + q * glm::dvec3(0.0, -0.15, -1.0));
    card.emHeightM = 0.045f;
    card.colour = glm::vec4(1.0f);
    card.billboard = false;  // locked to the head: turns with it, rolls with it
    card.right = glm::vec3(q * glm::dvec3(1.0, 0.0, 0.0));
    card.up = glm::vec3(q * glm::dvec3(0.0, 1.0, 0.0));
    return card;
}

}  // namespace places::xr
