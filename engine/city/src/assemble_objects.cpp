#include "assemble_objects.hpp"

#include <cmath>

#include <glm/geometric.hpp>

#include "assemble_polygon.hpp"
#include "places/city/local_frame.hpp"

namespace places::city::detail {

namespace {

class ObjectMesher {
public:
    ObjectMesher(const glm::dvec3& origin, MeshedObjects& out) : origin_(origin), out_(out) {}

    void addPolygon(const SourcePolygon& polygon, MeshedObjects::Object& object) {
        if (polygon.surface == SurfaceType::Closure) {
            out_.notes.push_back("dropped: closure surface (virtual, not drawn)");
            object.surfaces.closure += polygon.indices.size() / 3;
            return;
        }
        local_.clear();
        bool finite = true;
        for (const auto& v : polygon.vertices) {
            local_.push_back(toLocal(v, origin_));
            finite = finite && std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
        }
        if (!finite) {
            out_.notes.push_back("skipped: polygon with coordinates that could not be transformed");
            return;
        }
        PolygonShape shape;
        if (!checkPolygon(local_, polygon.indices, kept_, shape)) {
            out_.notes.push_back("skipped: degenerate polygon (zero area)");
            return;
        }
        if (shape.removedTriangles) out_.notes.push_back("salvaged: zero-area triangles removed from a polygon");

        const auto emitVertex = [&](const glm::dvec3& p, const glm::dvec3& n) {
            out_.positions.emplace_back(p);
            out_.normals.emplace_back(n);
            object.bounds.add(p);
        };
        if (!shape.nonPlanar) {
            const auto base = static_cast<std::uint32_t>(out_.positions.size());
            for (const auto& p : local_) emitVertex(p, shape.normal);
            for (std::uint32_t index : kept_) out_.indices.push_back(base + index);
        } else {
            // Salvage: the triangles still cover the polygon; each gets its own flat
            // normal, so a warped polygon is not lit as if it were flat.
            out_.notes.push_back("salvaged: non-planar polygon (> 1 cm off its plane), shaded per triangle");
            for (std::size_t t = 0; t < kept_.size(); t += 3) {
                const glm::dvec3 &a = local_[kept_[t]], &b = local_[kept_[t + 1]], &c = local_[kept_[t + 2]];
                const glm::dvec3 normal = glm::normalize(glm::cross(b - a, c - a));
                const auto base = static_cast<std::uint32_t>(out_.positions.size());
                emitVertex(a, normal);
                emitVertex(b, normal);
                emitVertex(c, normal);
                out_.indices.insert(out_.indices.end(), {base, base + 1, base + 2});
            }
        }
        const std::size_t triangles = kept_.size() / 3;
        out_.surfaces.insert(out_.surfaces.end(), triangles, polygon.surface);
        // The summary counts triangles per surface type, so its counts add up to the mesh's.
        for (std::size_t t = 0; t < triangles; ++t) object.surfaces.add(polygon.surface);
        ++object.polygons;
    }

private:
    const glm::dvec3& origin_;
    MeshedObjects& out_;
    std::vector<glm::dvec3> local_;    // scratch: one polygon in the local frame
    std::vector<std::uint32_t> kept_;  // scratch: its triangles with area
};

}  // namespace

void meshObjects(std::span<const SourceObject> objects, const glm::dvec3& origin, MeshedObjects& out) {
    ObjectMesher mesher(origin, out);
    out.objects.reserve(objects.size());
    for (const SourceObject& source : objects) {
        MeshedObjects::Object object;
        for (const auto& polygon : source.polygons) mesher.addPolygon(polygon, object);
        object.vertexEnd = out.positions.size();
        object.indexEnd = out.indices.size();
        object.noteEnd = out.notes.size();
        out.objects.push_back(object);
    }
}

}  // namespace places::city::detail
