#include "places/city/triangulate.hpp"

#include <GL/glu.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include <glm/geometric.hpp>

#include "ear_clip.hpp"
#include "polygon_area.hpp"

namespace places::city {
namespace {

using detail::kAreaTolerance;
using detail::newellNormal;

// Reasons are static strings: callers count them as Diagnostics keys.
constexpr const char* kFewPoints = "fewer than 3 distinct points";
constexpr const char* kZeroArea = "zero area (collinear or coincident points)";
constexpr const char* kNonFinite = "non-finite coordinate";
constexpr const char* kNonPlanar = "non-planar polygon (tessellated in projection)";
constexpr const char* kTooNonPlanar = "non-planar polygon beyond salvage tolerance";
constexpr const char* kBadHole = "degenerate hole dropped";
constexpr const char* kSelfIntersecting = "self-intersecting polygon (split at crossings)";
constexpr const char* kTessError = "tessellator error";
constexpr const char* kNoTriangles = "no triangles (holes cover the polygon)";
constexpr const char* kTooLarge = "polygon too large (more than TriangulateOptions::maxCorners corners)";
constexpr const char* kAreaMismatch = "triangles cover another area than the polygon (a hole outside or overlapping)";

// A polygon whose doubled area is below this fraction of its squared extent is
// degenerate: exact collinearity computed in double leaves ~1e-16 * L^2.
constexpr double kRelativeAreaEpsilon = 1e-10;

struct Frame {
    glm::dvec3 origin{0.0};
    glm::dvec3 u{0.0}, v{0.0}, n{0.0};
};

double squaredExtent(std::span<const glm::dvec3> ring) {
    glm::dvec3 lo = ring[0], hi = ring[0];
    for (const auto& p : ring) {
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    const glm::dvec3 d = hi - lo;
    return glm::dot(d, d);
}

Frame planeFrame(const glm::dvec3& unitNormal, std::span<const glm::dvec3> exterior) {
    Frame f;
    glm::dvec3 centroid{0.0};
    for (const auto& p : exterior) centroid += p - exterior[0];
    f.origin = exterior[0] + centroid / static_cast<double>(exterior.size());
    f.n = unitNormal;
    // Helper axis least aligned with n keeps u well conditioned; (u, v, n) is right-handed.
    const glm::dvec3 a = glm::abs(unitNormal);
    const glm::dvec3 helper = (a.x <= a.y && a.x <= a.z) ? glm::dvec3(1, 0, 0)
                              : (a.y <= a.z)             ? glm::dvec3(0, 1, 0)
                                                         : glm::dvec3(0, 0, 1);
    f.u = glm::normalize(glm::cross(helper, unitNormal));
    f.v = glm::cross(unitNormal, f.u);
    return f;
}

struct Ring {
    std::uint32_t begin = 0, size = 0;
};

// State shared with the GLU callbacks for one polygon.
struct TessContext {
    Triangulation* out = nullptr;
    const Frame* frame = nullptr;
    std::vector<std::array<double, 3>>* uv = nullptr;  // projected coords per out->vertices
    bool selfIntersecting = false;
    bool error = false;
};

using Callback = _GLUfuncptr;

void tessBegin(GLenum, void*) {}  // with an edge-flag callback GLU emits GL_TRIANGLES only
void tessEdgeFlag(GLboolean, void*) {}
void tessEnd(void*) {}

void tessVertex(void* vertex, void* data) {
    auto* ctx = static_cast<TessContext*>(data);
    ctx->out->indices.push_back(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(vertex)));
}

void tessError(GLenum, void* data) { static_cast<TessContext*>(data)->error = true; }

// GLU asks for a vertex where edges cross or corners coincide. Coincident
// corners (a hole touching the exterior) reuse an existing vertex; a real
// crossing adds a 3D point interpolated in the plane frame (weights are float,
// so interpolate offsets, not absolute coordinates).
void tessCombine(GLdouble coords[3], void* vertexData[4], GLfloat weight[4], void** outData, void* data) {
    auto* ctx = static_cast<TessContext*>(data);
    auto& uv = *ctx->uv;
    constexpr double kSame = 1e-9;
    for (int i = 0; i < 4; ++i) {
        if (vertexData[i] == nullptr) continue;
        const auto index = reinterpret_cast<std::uintptr_t>(vertexData[i]);
        if (std::abs(uv[index][0] - coords[0]) <= kSame && std::abs(uv[index][1] - coords[1]) <= kSame) {
            *outData = vertexData[i];
            return;
        }
    }
    double height = 0.0, weightSum = 0.0;
    for (int i = 0; i < 4; ++i) {
        if (vertexData[i] == nullptr) continue;
        const auto index = reinterpret_cast<std::uintptr_t>(vertexData[i]);
        height += weight[i] * glm::dot(ctx->out->vertices[index] - ctx->frame->origin, ctx->frame->n);
        weightSum += weight[i];
    }
    if (weightSum > 0.0) height /= weightSum;
    const Frame& f = *ctx->frame;
    ctx->out->vertices.push_back(f.origin + coords[0] * f.u + coords[1] * f.v + height * f.n);
    uv.push_back({coords[0], coords[1], 0.0});
    ctx->selfIntersecting = true;
    *outData = reinterpret_cast<void*>(static_cast<std::uintptr_t>(ctx->out->vertices.size() - 1));
}

// One tessellator per thread, created and configured on first use: gluNewTess
// allocates, and a city has tens of thousands of polygons.
GLUtesselator* threadTessellator() {
    struct Holder {
        GLUtesselator* tess = gluNewTess();
        Holder() {
            if (tess == nullptr) return;
            gluTessProperty(tess, GLU_TESS_WINDING_RULE, GLU_TESS_WINDING_ODD);
            gluTessCallback(tess, GLU_TESS_BEGIN_DATA, reinterpret_cast<Callback>(&tessBegin));
            gluTessCallback(tess, GLU_TESS_EDGE_FLAG_DATA, reinterpret_cast<Callback>(&tessEdgeFlag));
            gluTessCallback(tess, GLU_TESS_VERTEX_DATA, reinterpret_cast<Callback>(&tessVertex));
            gluTessCallback(tess, GLU_TESS_END_DATA, reinterpret_cast<Callback>(&tessEnd));
            gluTessCallback(tess, GLU_TESS_COMBINE_DATA, reinterpret_cast<Callback>(&tessCombine));
            gluTessCallback(tess, GLU_TESS_ERROR_DATA, reinterpret_cast<Callback>(&tessError));
            // Input is already projected onto the plane: z = 0, normal +z.
            gluTessNormal(tess, 0.0, 0.0, 1.0);
        }
        ~Holder() {
            if (tess != nullptr) gluDeleteTess(tess);
        }
        Holder(const Holder&) = delete;
        Holder& operator=(const Holder&) = delete;
    };
    thread_local Holder holder;
    return holder.tess;
}

// GLU's triangles for a strictly convex quad, counter-clockwise in `uv` (the
// plane coordinates GLU would be given): GLU's sweep cuts off the ear at the
// leftmost corner L (smallest u, then smallest v: GLU's VertLeq with s = u,
// t = v for the normal +z) and emits, in this order and with these first
// corners, (L+1, L-1, L) and (L-1, L+1, L+2). Checked against GLU itself on
// 560,000 random, axis-aligned (ties in u), trapezoidal and nearly degenerate
// quads, and on every quad of the bundled data (tests/city/triangulate_test.cpp).
// Anything else (a corner on a straight line, clockwise, a hole) goes to GLU.
bool convexQuad(std::span<const std::array<double, 3>> uv, std::vector<std::uint32_t>& indices) {
    for (std::size_t i = 0; i < 4; ++i) {
        const auto &o = uv[i], &a = uv[(i + 1) % 4], &b = uv[(i + 2) % 4];
        if (!((a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]) > 0.0)) return false;
    }
    std::uint32_t left = 0;
    for (std::uint32_t i = 1; i < 4; ++i)
        if (uv[i][0] < uv[left][0] || (uv[i][0] == uv[left][0] && uv[i][1] < uv[left][1])) left = i;
    const std::uint32_t next = (left + 1) % 4, previous = (left + 3) % 4, opposite = (left + 2) % 4;
    indices = {next, previous, left, previous, next, opposite};
    return true;
}

Triangulation skipped(Triangulation out, const char* reason) {
    out.status = TriangulateStatus::Skipped;
    out.reason = reason;
    out.vertices.clear();
    out.indices.clear();
    return out;
}

void salvaged(Triangulation& out, const char* reason) {
    if (out.status != TriangulateStatus::Ok) return;  // the first repair names the polygon
    out.status = TriangulateStatus::Salvaged;
    out.reason = reason;
}

// Copies the rings into out.vertices without consecutive duplicates or the
// closing point. Returns false on a non-finite coordinate.
bool collectRings(const PolygonRings& polygon, Triangulation& out, std::vector<Ring>& rings) {
    std::size_t offset = 0;
    for (const std::uint32_t size : polygon.ringSizes) {
        Ring ring{static_cast<std::uint32_t>(out.vertices.size()), 0};
        for (std::size_t i = offset; i < offset + size && i < polygon.points.size(); ++i) {
            const glm::dvec3& p = polygon.points[i];
            if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) return false;
            if (ring.size > 0 && out.vertices.back() == p) continue;
            out.vertices.push_back(p);
            ++ring.size;
        }
        while (ring.size > 1 && out.vertices[ring.begin] == out.vertices.back()) {
            out.vertices.pop_back();
            --ring.size;
        }
        rings.push_back(ring);
        offset += size;
    }
    return true;
}

std::span<const glm::dvec3> ringSpan(const Triangulation& out, const Ring& ring) {
    return {out.vertices.data() + ring.begin, ring.size};
}

// Working vectors of one thread, reused by every polygon so that a polygon
// allocates only the Triangulation it returns (they were 3 of the 5
// allocations of a quad, ~8 M instructions of malloc/free for Delfshaven).
struct Scratch {
    std::vector<Ring> rings;
    std::vector<Ring> kept;                   // rings that are polygons
    std::vector<std::array<double, 3>> uv;    // plane coordinates (GLU's combine appends)
};

// Twice the area of a ring in plane coordinates (shoelace), unsigned.
double ringArea2(std::span<const std::array<double, 3>> uv, const Ring& ring) {
    double sum = 0.0;
    const std::array<double, 3>& o = uv[ring.begin];
    for (std::uint32_t i = 1; i + 1 < ring.size; ++i) {
        const auto &a = uv[ring.begin + i], &b = uv[ring.begin + i + 1];
        sum += (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
    return std::abs(sum);
}

// Whether the triangles cover the polygon's area (exterior minus holes), so
// that area is never lost or added silently (issue #12: a 100,001-corner
// polygon came out as 1,839 triangles). Triangles are counter-clockwise here.
bool areaMatches(std::span<const std::uint32_t> indices, std::span<const std::array<double, 3>> uv,
                 std::span<const Ring> kept) {
    double triangles = 0.0;
    for (std::size_t t = 0; t + 2 < indices.size(); t += 3) {
        const auto &a = uv[indices[t]], &b = uv[indices[t + 1]], &c = uv[indices[t + 2]];
        triangles += (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    }
    double polygon = ringArea2(uv, kept[0]);
    for (std::size_t r = 1; r < kept.size(); ++r) polygon -= ringArea2(uv, kept[r]);
    return std::abs(triangles - polygon) <= kAreaTolerance * ringArea2(uv, kept[0]);
}

Scratch& threadScratch() {
    thread_local Scratch scratch;
    return scratch;
}

}  // namespace

Triangulation triangulatePolygon(const PolygonRings& polygon, const TriangulateOptions& options) {
    Triangulation out;
    Scratch& scratch = threadScratch();
    std::vector<Ring>& rings = scratch.rings;
    rings.clear();
    out.vertices.reserve(polygon.points.size());
    if (polygon.points.size() > options.maxCorners) return skipped(std::move(out), kTooLarge);
    if (!collectRings(polygon, out, rings)) return skipped(std::move(out), kNonFinite);
    if (rings.empty() || rings[0].size < 3) return skipped(std::move(out), kFewPoints);

    const auto exterior = ringSpan(out, rings[0]);
    const glm::dvec3 newell = newellNormal(exterior, exterior[0]);
    const double extent2 = squaredExtent(exterior);
    const double area2 = glm::length(newell);
    if (!(area2 > kRelativeAreaEpsilon * extent2)) return skipped(std::move(out), kZeroArea);
    out.normal = newell / area2;
    const Frame frame = planeFrame(out.normal, exterior);

    // Holes that are not polygons are dropped; the exterior still is one.
    std::vector<Ring>& kept = scratch.kept;
    kept.assign(1, rings[0]);
    for (std::size_t r = 1; r < rings.size(); ++r) {
        const auto hole = ringSpan(out, rings[r]);
        const bool valid = hole.size() >= 3 &&
                           std::abs(glm::dot(newellNormal(hole, hole[0]), out.normal)) >
                               kRelativeAreaEpsilon * squaredExtent(hole);
        if (valid) kept.push_back(rings[r]);
        else salvaged(out, kBadHole);
    }

    for (const auto& p : out.vertices)
        out.planeDeviation = std::max(out.planeDeviation, std::abs(glm::dot(p - frame.origin, frame.n)));
    if (out.planeDeviation > options.maxNonPlanarDeviation) return skipped(std::move(out), kTooNonPlanar);
    if (out.planeDeviation > options.planarTolerance) salvaged(out, kNonPlanar);

    if (kept.size() == 1 && rings.size() == 1 && exterior.size() == 3) {
        out.indices = {0, 1, 2};  // already a triangle, and counter-clockwise about its Newell normal
        return out;
    }

    // 2D coordinates in the plane frame; GLU copies them, the callbacks read them
    // (combine appends the crossings it creates).
    std::vector<std::array<double, 3>>& uv = scratch.uv;
    uv.clear();
    for (const auto& p : out.vertices) {
        const glm::dvec3 d = p - frame.origin;
        uv.push_back({glm::dot(d, frame.u), glm::dot(d, frame.v), 0.0});
    }
    TessContext ctx{&out, &frame, &uv};
    const bool quad = kept.size() == 1 && rings.size() == 1 && exterior.size() == 4;
    const bool fast = (quad && options.convexQuadFastPath && convexQuad(uv, out.indices)) ||
                      (kept.size() == 1 && options.earClipping &&
                       detail::earClip(std::span(uv).first(exterior.size()), out.indices));
    if (!fast) {
        GLUtesselator* tess = threadTessellator();
        if (tess == nullptr) return skipped(std::move(out), kTessError);
        out.indices.reserve((out.vertices.size() - 2) * 3);
        gluTessBeginPolygon(tess, &ctx);
        for (const Ring& ring : kept) {
            gluTessBeginContour(tess);
            for (std::uint32_t i = ring.begin; i < ring.begin + ring.size; ++i)
                gluTessVertex(tess, uv[i].data(), reinterpret_cast<void*>(static_cast<std::uintptr_t>(i)));
            gluTessEndContour(tess);
        }
        gluTessEndPolygon(tess);
        if (ctx.error || out.indices.size() % 3 != 0) return skipped(std::move(out), kTessError);
    }

    // Orient every triangle counter-clockwise about the normal and drop slivers
    // of zero area that GLU emits along collinear edges.
    std::size_t kept3 = 0;
    for (std::size_t t = 0; t + 2 < out.indices.size(); t += 3) {
        std::uint32_t a = out.indices[t], b = out.indices[t + 1], c = out.indices[t + 2];
        const double cross = (uv[b][0] - uv[a][0]) * (uv[c][1] - uv[a][1]) -
                             (uv[b][1] - uv[a][1]) * (uv[c][0] - uv[a][0]);
        if (cross == 0.0) continue;
        if (cross < 0.0) std::swap(b, c);
        out.indices[kept3++] = a;
        out.indices[kept3++] = b;
        out.indices[kept3++] = c;
    }
    out.indices.resize(kept3);
    if (out.indices.empty()) return skipped(std::move(out), kNoTriangles);
    if (ctx.selfIntersecting) salvaged(out, kSelfIntersecting);
    else if (!areaMatches(out.indices, uv, kept)) salvaged(out, kAreaMismatch);
    return out;
}

Triangulation triangulatePolygon(const std::vector<std::vector<glm::dvec3>>& rings,
                                 const TriangulateOptions& options) {
    std::vector<glm::dvec3> points;
    std::vector<std::uint32_t> sizes;
    for (const auto& ring : rings) {
        points.insert(points.end(), ring.begin(), ring.end());
        sizes.push_back(static_cast<std::uint32_t>(ring.size()));
    }
    return triangulatePolygon(PolygonRings{points, sizes}, options);
}

}  // namespace places::city
