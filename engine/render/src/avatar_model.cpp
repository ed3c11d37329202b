#include "places/render/avatar_model.hpp"

#include <cmath>
#include <numbers>
#include <vector>

#include <glm/geometric.hpp>

namespace places::render {

namespace {

constexpr std::uint32_t kWhite = packRgba8(255, 255, 255);
constexpr std::uint32_t kVisor = packRgba8(28, 32, 40);

struct Mesh {
    std::vector<Vertex> vertices;
    std::vector<std::uint32_t> indices;
};

// A capsule along y: two hemispheres of `radius` whose centres are `stretch`
// apart (0: a sphere), scaled by `scale`, centred on `centre`. `segments`
// around, `rings` from pole to pole (even for a capsule: the equator splits).
void appendCapsule(Mesh& m, glm::vec3 centre, float radius, float stretch, glm::vec3 scale, int segments, int rings,
                   std::uint32_t colour) {
    const auto base = static_cast<std::uint32_t>(m.vertices.size());
    const float pi = std::numbers::pi_v<float>;
    // Rows of vertices: (polar angle, vertical shift). A capsule has the
    // equator twice, once at each end of its cylinder.
    std::vector<std::pair<float, float>> rows;
    for (int r = 0; r <= rings; ++r) {
        const float phi = pi * float(r) / float(rings);
        if (stretch <= 0.0f) {
            rows.emplace_back(phi, 0.0f);
            continue;
        }
        if (2 * r <= rings) rows.emplace_back(phi, stretch * 0.5f);
        if (2 * r >= rings) rows.emplace_back(phi, -stretch * 0.5f);
    }
    for (const auto& [phi, shift] : rows)
        for (int s = 0; s <= segments; ++s) {
            const float theta = 2.0f * pi * float(s) / float(segments);
            const glm::vec3 n(std::sin(phi) * std::sin(theta), std::cos(phi), std::sin(phi) * std::cos(theta));
            const glm::vec3 p = centre + (n * radius + glm::vec3(0.0f, shift, 0.0f)) * scale;
            m.vertices.push_back({p, glm::normalize(n / scale), {float(s) / float(segments), phi / pi}, colour});
        }
    const auto stride = static_cast<std::uint32_t>(segments + 1);
    for (std::uint32_t r = 0; r + 1 < rows.size(); ++r)
        for (int s = 0; s < segments; ++s) {
            const std::uint32_t a = base + r * stride + std::uint32_t(s), b = a + stride;
            // Counter-clockwise seen from outside.
            m.indices.insert(m.indices.end(), {a, b, a + 1, a + 1, b, b + 1});
        }
}

void appendBox(Mesh& m, glm::vec3 centre, glm::vec3 e, std::uint32_t colour) {
    const glm::vec3 normals[6] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (const glm::vec3& n : normals) {
        const glm::vec3 u = std::abs(n.y) > 0.5f ? glm::vec3(1, 0, 0) : glm::vec3(-n.z, 0, n.x);
        const glm::vec3 v = glm::cross(n, u);
        const auto base = static_cast<std::uint32_t>(m.vertices.size());
        for (const glm::vec2 c : {glm::vec2(-1, -1), glm::vec2(1, -1), glm::vec2(1, 1), glm::vec2(-1, 1)})
            m.vertices.push_back({centre + (n + u * c.x + v * c.y) * e, n, (c + 1.0f) * 0.5f, colour});
        for (std::uint32_t k : {0u, 1u, 2u, 0u, 2u, 3u}) m.indices.push_back(base + k);
    }
}

// A flat badge facing -z at `centre`: a regular polygon of `corners` corners,
// every other one pulled in to `inner` (a star) when inner < 1.
void appendBadge(Mesh& m, glm::vec3 centre, float radius, int corners, float inner, float rotation,
                 std::uint32_t colour) {
    const auto base = static_cast<std::uint32_t>(m.vertices.size());
    const glm::vec3 n(0.0f, 0.0f, -1.0f);
    m.vertices.push_back({centre, n, {0.5f, 0.5f}, colour});
    const int points = inner < 1.0f ? corners * 2 : corners;
    for (int k = 0; k < points; ++k) {
        const float a = rotation + 2.0f * std::numbers::pi_v<float> * float(k) / float(points);
        const float r = (inner < 1.0f && k % 2 == 1) ? radius * inner : radius;
        m.vertices.push_back({centre + glm::vec3(-std::sin(a) * r, std::cos(a) * r, 0.0f), n, {0.5f, 0.5f}, colour});
    }
    for (int k = 0; k < points; ++k) {
        // Seen from the front (-z), counter-clockwise.
        const std::uint32_t a = base + 1 + std::uint32_t(k), b = base + 1 + std::uint32_t((k + 1) % points);
        m.indices.insert(m.indices.end(), {base, a, b});
    }
}

// A ring lying flat (in the xz plane) around `centre`: `major` from the
// centre to the middle of the tube, `minor` the tube's radius.
void appendRing(Mesh& m, glm::vec3 centre, float major, float minor, int segments, int sides, std::uint32_t colour) {
    const auto base = static_cast<std::uint32_t>(m.vertices.size());
    const float twoPi = 2.0f * std::numbers::pi_v<float>;
    for (int i = 0; i <= segments; ++i) {
        const float theta = twoPi * float(i) / float(segments);
        const glm::vec3 out(std::sin(theta), 0.0f, std::cos(theta));
        for (int j = 0; j <= sides; ++j) {
            const float phi = twoPi * float(j) / float(sides);
            const glm::vec3 n = out * std::cos(phi) + glm::vec3(0.0f, std::sin(phi), 0.0f);
            m.vertices.push_back({centre + out * major + n * minor, n, {float(i) / float(segments), float(j) / float(sides)}, colour});
        }
    }
    const auto stride = static_cast<std::uint32_t>(sides + 1);
    for (std::uint32_t i = 0; i < std::uint32_t(segments); ++i)
        for (std::uint32_t j = 0; j < std::uint32_t(sides); ++j) {
            const std::uint32_t a = base + i * stride + j, b = a + stride;
            m.indices.insert(m.indices.end(), {a, b, a + 1, a + 1, b, b + 1});  // counter-clockwise from outside
        }
}

// Largest distance between a circle of `radius` and its inscribed polygon of `segments` sides.
float chordError(float radius, int segments) {
    return radius * (1.0f - std::cos(std::numbers::pi_v<float> / float(segments)));
}

std::uint32_t addMesh(SceneGeometry& scene, const Mesh& m) { return scene.addSubmesh(m.vertices, m.indices, 0); }

// Segments around / rings pole to pole per level: full detail, then two coarser.
constexpr int kSegments[3] = {20, 10, 6};
constexpr int kRings[3] = {12, 6, 4};

}  // namespace

AvatarModels addAvatarModels(SceneGeometry& scene) {
    AvatarModels out;
    out.levels = 3;
    std::uint32_t* parts[3] = {&out.head, &out.hand, &out.torso};
    for (int part = 0; part < 3; ++part) {
        std::vector<std::uint32_t> submeshes;
        float radius = 0.0f;
        for (int level = 0; level < 3; ++level) {
            Mesh m;
            switch (part) {
                case 0:  // head and visor
                    radius = kAvatarHeadRadiusM;
                    appendCapsule(m, {}, radius, 0.0f, {0.92f, 1.0f, 1.0f}, kSegments[level], kRings[level], kWhite);
                    appendBox(m, {0.0f, 0.02f, -0.085f}, {0.085f, 0.032f, 0.04f}, kVisor);
                    break;
                case 1:  // hand: a flattened sphere, palm down
                    radius = 0.05f;
                    appendCapsule(m, {}, radius, 0.0f, {0.9f, 0.45f, 1.0f}, kSegments[level] / 2 + 2,
                                  kRings[level] / 2 + 2, kWhite);
                    break;
                default:  // torso: a capsule from the neck down
                    radius = kAvatarTorsoRadiusM;
                    appendCapsule(m, {0.0f, -kAvatarTorsoLengthM * 0.5f, 0.0f}, radius,
                                  kAvatarTorsoLengthM - 2.0f * radius, {1.0f, 1.0f, 0.75f}, kSegments[level],
                                  kRings[level], kWhite);
            }
            const std::uint32_t submesh = addMesh(scene, m);
            if (level == 0) {
                *parts[part] = scene.addModel({submesh});
            } else {
                const int segments = part == 1 ? kSegments[level] / 2 + 2 : kSegments[level];
                const float error = chordError(radius, std::min(segments, kRings[level]));
                scene.addModelLevel(*parts[part], {submesh}, error);
            }
            if (part == 2) out.levelErrors.push_back(scene.models[*parts[part]].levelErrors.back());
        }
    }
    // Badges on the chest: in front of the torso's surface (its depth is 0.75 * radius).
    const glm::vec3 chest(0.07f, -0.16f, -kAvatarTorsoRadiusM * 0.75f - 0.012f);
    const struct {
        int corners;
        float inner, rotation;
        std::uint32_t colour;
    } badges[3] = {
        {5, 0.45f, 0.0f, packRgba8(255, 196, 20)},                                // host: gold star
        {4, 1.0f, 0.0f, packRgba8(40, 110, 255)},                                 // moderator: blue diamond
        {4, 1.0f, std::numbers::pi_v<float> / 4.0f, packRgba8(30, 200, 80)},      // exhibitor: green square
    };
    for (int k = 0; k < 3; ++k) {
        Mesh m;
        appendBadge(m, chest, 0.06f, badges[k].corners, badges[k].inner, badges[k].rotation, badges[k].colour);
        out.badges[std::size_t(k)] = scene.addModel({addMesh(scene, m)});
    }
    // Dot: an octahedron (8 triangles).
    Mesh dot;
    const float r = kAvatarDotRadiusM;
    const glm::vec3 axes[6] = {{r, 0, 0}, {-r, 0, 0}, {0, r, 0}, {0, -r, 0}, {0, 0, r}, {0, 0, -r}};
    for (int sx : {0, 1})
        for (int sy : {2, 3})
            for (int sz : {4, 5}) {
                const glm::vec3 a = axes[sx], b = axes[sy], c = axes[sz];
                glm::vec3 n = glm::normalize(a + b + c);
                const auto base = static_cast<std::uint32_t>(dot.vertices.size());
                dot.vertices.push_back({a, n, {}, kWhite});
                dot.vertices.push_back({b, n, {}, kWhite});
                dot.vertices.push_back({c, n, {}, kWhite});
                // Outward: flip when the corner order runs clockwise from outside.
                if (glm::dot(glm::cross(b - a, c - a), n) > 0.0f) dot.indices.insert(dot.indices.end(), {base, base + 1, base + 2});
                else dot.indices.insert(dot.indices.end(), {base, base + 2, base + 1});
            }
    out.dot = scene.addModel({addMesh(scene, dot)});
    Mesh ring;
    appendRing(ring, glm::vec3(0.0f), kAvatarSpeakingRingRadiusM, 0.012f, 24, 6, kWhite);
    out.speaking = scene.addModel({addMesh(scene, ring)});
    return out;
}

std::uint32_t badgeModel(const AvatarModels& models, AvatarRole role) {
    switch (role) {
        case AvatarRole::Host: return models.badges[0];
        case AvatarRole::Moderator: return models.badges[1];
        case AvatarRole::Exhibitor: return models.badges[2];
        default: return ~0u;
    }
}

const char* roleLabel(AvatarRole role) {
    switch (role) {
        case AvatarRole::Host: return "Host";
        case AvatarRole::Moderator: return "Moderator";
        case AvatarRole::Exhibitor: return "Exhibitor";
        default: return "";
    }
}

}  // namespace places::render
