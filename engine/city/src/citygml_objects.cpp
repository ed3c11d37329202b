// CityGML semantics -> SourceObjects.
//
// libcitygml gives per city object its geometries and its child objects
// (thematic surfaces, openings, installations, BuildingParts). NRW LoD2 data
// defines every polygon once, inside a thematic surface (bldg:boundedBy/
// RoofSurface/lod2MultiSurface), and references the same polygons again from
// bldg:lod2Solid by xlink. libcitygml resolves such xlinks to the *same*
// Polygon object, so collecting thematic surfaces first and then skipping any
// Polygon already seen keeps each polygon once, with its semantic type.
#include "citygml_objects.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <citygml/citymodel.h>
#include <citygml/cityobject.h>
#include <citygml/envelope.h>
#include <citygml/geometry.h>
#include <citygml/linestring.h>
#include <citygml/polygon.h>

#include "citygml_area_check.hpp"
#include "citygml_nonfinite.hpp"

namespace places::city::detail {

namespace {

using ObjectType = citygml::CityObject::CityObjectsType;
using GeometryType = citygml::Geometry::GeometryType;

// Parts are output objects of their own (with a parent), not geometry of the parent.
bool isPart(ObjectType type) { return type == ObjectType::COT_BuildingPart || type == ObjectType::COT_BridgePart; }
// dem:ReliefFeature (its TINRelief components are collected into it) or a bare TINRelief.
bool isRelief(ObjectType type) {
    return type == ObjectType::COT_ReliefFeature || type == ObjectType::COT_TINRelief ||
           type == ObjectType::COT_ReliefComponent;
}

// The semantic type of a child object's polygons. Anything below a city object
// that is not one of the four drawn/closure types (openings, installations,
// floor/ceiling surfaces) is semantic but "Other".
SurfaceType surfaceOfChild(ObjectType type) {
    switch (type) {
        case ObjectType::COT_RoofSurface: return SurfaceType::Roof;
        case ObjectType::COT_WallSurface: return SurfaceType::Wall;
        case ObjectType::COT_GroundSurface: return SurfaceType::Ground;
        case ObjectType::COT_ClosureSurface: return SurfaceType::Closure;
        default: return SurfaceType::Other;
    }
}

// libcitygml also tags geometries inside thematic surfaces; that tag wins.
SurfaceType surfaceOfGeometry(GeometryType type, SurfaceType inherited) {
    switch (type) {
        case GeometryType::GT_Roof: return SurfaceType::Roof;
        case GeometryType::GT_Wall: return SurfaceType::Wall;
        case GeometryType::GT_Ground: return SurfaceType::Ground;
        case GeometryType::GT_Closure: return SurfaceType::Closure;
        case GeometryType::GT_Floor:
        case GeometryType::GT_InteriorWall:
        case GeometryType::GT_Ceiling:
        case GeometryType::GT_OuterCeiling:
        case GeometryType::GT_OuterFloor: return SurfaceType::Other;
        default: return inherited;
    }
}

bool isThematicSurface(ObjectType type) {
    switch (type) {
        case ObjectType::COT_RoofSurface:
        case ObjectType::COT_WallSurface:
        case ObjectType::COT_GroundSurface:
        case ObjectType::COT_ClosureSurface:
        case ObjectType::COT_FloorSurface:
        case ObjectType::COT_InteriorWallSurface:
        case ObjectType::COT_CeilingSurface:
        case ObjectType::COT_OuterCeilingSurface:
        case ObjectType::COT_OuterFloorSurface: return true;
        default: return false;
    }
}

// libcitygml stores attributes under lower-cased, prefixed names
// ("bldg:function", "bldg:measuredheight"); other modules use their own prefix.
std::string attributeBySuffix(const citygml::CityObject& object, std::string_view name) {
    for (const auto& [key, value] : object.getAttributes()) {
        const std::string_view k = key;
        const auto colon = k.rfind(':');
        if (k.substr(colon == std::string_view::npos ? 0 : colon + 1) == name) return value.asString();
    }
    return {};
}

double parseHeight(const std::string& text) {
    double value = -1.0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0.0) return -1.0;
    return value;
}

// "2.50 of 104.00 m^2 (2.4 %) lost" for the -v listing.
std::string formatLoss(const AreaLoss& loss) {
    char text[96];
    std::snprintf(text, sizeof text, "%.2f of %.2f m^2 (%.1f %%) lost", loss.lost, loss.polygon,
                  100.0 * loss.lost / loss.polygon);
    return text;
}

struct PolygonRef {
    const citygml::Polygon* polygon;
    SurfaceType surface;
    unsigned lod;
};

class Converter {
public:
    Converter(const std::string& path, const ReadOptions& options, SourceModel& out, Diagnostics& diagnostics)
        : path_(path), options_(options), out_(out), diagnostics_(diagnostics) {}

    struct Parent {
        std::string id;
        std::string function;
    };
    enum class Outcome { Kept, NoGeometryAtLod, NoGeometry };
    // Emits `object` (and its parts after it) unless nothing of it has geometry.
    Outcome emit(const citygml::CityObject& object, ObjectKind kind, const Parent* parent);

private:
    void collectObject(const citygml::CityObject& object, SurfaceType surface);
    void collectGeometry(const citygml::Geometry& geometry, SurfaceType surface);
    void convertPolygons(SourceObject& target, unsigned lod);
    void skip(const std::string& reason, const SourceObject& object, const std::string& detail);

    const std::string& path_;
    const ReadOptions& options_;
    SourceModel& out_;
    Diagnostics& diagnostics_;
    // Scratch space reused across objects (one allocation for the whole file).
    std::vector<PolygonRef> refs_;
    std::unordered_set<const citygml::Polygon*> seen_;
    std::vector<glm::dvec3> curves_;  // line string points of the object (terrain intersection candidates)
};

// The object's terrain intersection: its curve points in the lower half of
// its height range (lowest corner .. highest corner). A terrain intersection
// runs along the foot of the walls, so this keeps it whole on a slope (its
// rise across one building is far less than half the building's height),
// while a lodXMultiCurve along the eaves or ridge (the same form in
// libcitygml) is left out rather than lifting the ground to the roof.
std::vector<glm::dvec3> terrainIntersection(const std::vector<glm::dvec3>& curves,
                                            const std::vector<SourcePolygon>& polygons) {
    double lowest = std::numeric_limits<double>::infinity();
    double highest = -std::numeric_limits<double>::infinity();
    for (const SourcePolygon& polygon : polygons)
        for (const glm::dvec3& v : polygon.vertices) {
            if (!std::isfinite(v.z)) continue;
            lowest = std::min(lowest, v.z);
            highest = std::max(highest, v.z);
        }
    if (!std::isfinite(lowest)) return {};
    const double limit = lowest + 0.5 * (highest - lowest);
    std::vector<glm::dvec3> kept;
    for (const glm::dvec3& p : curves)
        if (p.z <= limit) kept.push_back(p);
    return kept;
}

void Converter::collectObject(const citygml::CityObject& object, SurfaceType surface) {
    // Children first: thematic surfaces own the polygons that solids reference by xlink.
    for (unsigned i = 0; i < object.getChildCityObjectsCount(); ++i) {
        const auto& child = object.getChildCityObject(i);
        if (isPart(child.getType())) continue;
        if (isThematicSurface(child.getType())) out_.surfaces.add(surfaceOfChild(child.getType()));
        collectObject(child, surfaceOfChild(child.getType()));
    }
    for (unsigned i = 0; i < object.getGeometriesCount(); ++i) collectGeometry(object.getGeometry(i), surface);
}

void Converter::collectGeometry(const citygml::Geometry& geometry, SurfaceType surface) {
    surface = surfaceOfGeometry(geometry.getType(), surface);
    for (unsigned i = 0; i < geometry.getPolygonsCount(); ++i) {
        const citygml::Polygon* polygon = geometry.getPolygon(i).get();
        if (seen_.insert(polygon).second) refs_.push_back({polygon, surface, geometry.getLOD()});
    }
    // Line strings are not surfaces. libcitygml gives lodXTerrainIntersection
    // and lodXMultiCurve the same form (line strings in a geometry of the
    // object); their points are kept as terrain intersection candidates and
    // filtered by height in emit().
    for (unsigned i = 0; i < geometry.getLineStringCount(); ++i) {
        const auto line = geometry.getLineString(i);
        if (!line || line->getDimensions() != 3) continue;
        for (const TVec3d& v : line->getVertices3D())
            if (!isNonFiniteMarker(v.x) && !isNonFiniteMarker(v.y) && !isNonFiniteMarker(v.z))
                curves_.emplace_back(v.x, v.y, v.z);
    }
    for (unsigned i = 0; i < geometry.getGeometriesCount(); ++i) collectGeometry(geometry.getGeometry(i), surface);
}

void Converter::skip(const std::string& reason, const SourceObject& object, const std::string& detail) {
    diagnostics_.count(reason);
    if (options_.listSkipped) {
        SourceLocation where{path_};
        where.pointer = object.id;
        diagnostics_.warning(std::move(where), reason + ": " + object.type + " " + object.id + detail);
    }
}

void Converter::convertPolygons(SourceObject& target, unsigned lod) {
    for (const PolygonRef& ref : refs_) {
        if (ref.lod != lod) continue;
        const auto& vertices = ref.polygon->getVertices();
        const auto& indices = ref.polygon->getIndices();
        // A coordinate that was not a finite number (citygml_nonfinite.hpp): a
        // NaN polygon, counted and dropped by dropBadCoordinates like CityJSON's.
        if (std::any_of(vertices.begin(), vertices.end(), [](const TVec3d& v) {
                return isNonFiniteMarker(v.x) || isNonFiniteMarker(v.y) || isNonFiniteMarker(v.z);
            })) {
            SourcePolygon& polygon = target.polygons.emplace_back();
            polygon.surface = ref.surface;
            polygon.vertices.assign(1, glm::dvec3(std::numeric_limits<double>::quiet_NaN()));
            continue;
        }
        // optimize=true already removed repeated corners; what libcitygml's GLU
        // tessellator cannot triangulate has nothing left to salvage from.
        if (vertices.size() < 3 || indices.size() < 3) {
            skip("skipped: degenerate polygon (fewer than 3 distinct corners or no area)", target,
                 ", polygon " + ref.polygon->getId());
            continue;
        }
        bool valid = indices.size() % 3 == 0;
        for (unsigned index : indices) valid = valid && index < vertices.size();
        if (!valid) {
            skip("skipped: polygon with an invalid triangulation", target, ", polygon " + ref.polygon->getId());
            continue;
        }
        SourcePolygon& polygon = target.polygons.emplace_back();
        polygon.surface = ref.surface;
        polygon.vertices.reserve(vertices.size());
        for (const auto& v : vertices) polygon.vertices.emplace_back(v.x, v.y, v.z);
        polygon.indices.assign(indices.begin(), indices.end());
        if (const AreaLoss loss = triangulationAreaLoss(*ref.polygon, polygon.vertices, polygon.indices); loss.lost > 0.0)
            skip("salvaged polygon: area lost in triangulation (a ring that loops or touches itself)", target,
                 ", polygon " + ref.polygon->getId() + ": " + formatLoss(loss));
        ++out_.polygons;
        out_.triangles += indices.size() / 3;
    }
}

Converter::Outcome Converter::emit(const citygml::CityObject& object, ObjectKind kind, const Parent* parent) {
    SourceObject current;
    current.id = object.getId();
    current.kind = kind;
    current.type = object.getTypeAsString();
    current.function = attributeBySuffix(object, "function");
    // A part without its own function code is styled like its building.
    if (current.function.empty() && parent) current.function = parent->function;
    current.measuredHeight = parseHeight(attributeBySuffix(object, "measuredheight"));
    if (parent) current.parentId = parent->id;

    refs_.clear();
    seen_.clear();
    curves_.clear();
    collectObject(object, SurfaceType::Unknown);

    unsigned highest = 0;
    bool any = false;
    for (const auto& ref : refs_) {
        highest = any ? std::max(highest, ref.lod) : ref.lod;
        any = true;
    }
    const unsigned lod = options_.lod == LodChoice::Auto ? highest : static_cast<unsigned>(options_.lod);
    current.lodTimes10 = static_cast<int>(lod * 10);
    convertPolygons(current, lod);
    // A relief's triangles are the ground itself (no thematic surfaces there).
    if (kind == ObjectKind::Terrain)
        for (SourcePolygon& polygon : current.polygons) polygon.surface = SurfaceType::Terrain;
    if (kind != ObjectKind::Terrain) current.terrainIntersection = terrainIntersection(curves_, current.polygons);
    const bool ownGeometry = !current.polygons.empty();
    bool geometryAtOtherLod = any && !ownGeometry;

    // The parent goes first so that readers of SourceModel can resolve parentId
    // with everything before a part; parts follow right after it.
    const Parent self{current.id, current.function};
    out_.objects.push_back(std::move(current));
    bool keptPart = false;
    for (unsigned i = 0; i < object.getChildCityObjectsCount(); ++i) {
        const auto& child = object.getChildCityObject(i);
        if (!isPart(child.getType())) continue;
        const Outcome part = emit(child, ObjectKind::BuildingPart, &self);
        keptPart = keptPart || part == Outcome::Kept;
        geometryAtOtherLod = geometryAtOtherLod || part == Outcome::NoGeometryAtLod;
    }
    if (ownGeometry || keptPart) return Outcome::Kept;

    // Nothing of this object survived: no part was appended after it.
    const SourceObject dropped = std::move(out_.objects.back());
    out_.objects.pop_back();
    if (geometryAtOtherLod) {
        skip("skipped: object without geometry at the requested LoD", dropped, "");
        return Outcome::NoGeometryAtLod;
    }
    skip("skipped: object without surface geometry", dropped, "");
    return Outcome::NoGeometry;
}

std::string srsOfGeometry(const citygml::Geometry& geometry) {
    if (!geometry.getSRSName().empty()) return geometry.getSRSName();
    for (unsigned i = 0; i < geometry.getGeometriesCount(); ++i)
        if (auto name = srsOfGeometry(geometry.getGeometry(i)); !name.empty()) return name;
    return {};
}

}  // namespace

void convertCityModel(const citygml::CityModel& cityModel, const std::string& path, const ReadOptions& options,
                      SourceModel& out, Diagnostics& diagnostics) {
    Converter converter(path, options, out, diagnostics);
    for (unsigned i = 0; i < cityModel.getNumRootCityObjects(); ++i) {
        const auto& object = cityModel.getRootCityObject(static_cast<int>(i));
        const ObjectKind kind = object.getType() == ObjectType::COT_Building ? ObjectKind::Building
                                : isPart(object.getType())                  ? ObjectKind::BuildingPart
                                : isRelief(object.getType())                ? ObjectKind::Terrain
                                                                            : ObjectKind::Other;
        converter.emit(object, kind, nullptr);
    }
}

std::string findSrsName(const citygml::CityModel& cityModel) {
    if (!cityModel.getEnvelope().srsName().empty()) return cityModel.getEnvelope().srsName();
    for (unsigned i = 0; i < cityModel.getNumRootCityObjects(); ++i) {
        const auto& object = cityModel.getRootCityObject(static_cast<int>(i));
        if (!object.getEnvelope().srsName().empty()) return object.getEnvelope().srsName();
        for (unsigned g = 0; g < object.getGeometriesCount(); ++g)
            if (auto name = srsOfGeometry(object.getGeometry(g)); !name.empty()) return name;
    }
    return {};
}

}  // namespace places::city::detail
