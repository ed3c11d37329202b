// CityJSON geometry: boundaries of every surface type, semantics, geometry
// templates and the LoD choice. Each surface becomes one triangulated
// SourcePolygon; anything that cannot be read is reported and counted.
#include <algorithm>
#include <cmath>
#include <string>

#include "cityjson_context.hpp"
#include "places/city/triangulate.hpp"

namespace places::city::cityjson {
namespace {

SurfaceType surfaceTypeOf(std::string_view type) {
    if (type == "RoofSurface") return SurfaceType::Roof;
    if (type == "WallSurface") return SurfaceType::Wall;
    if (type == "GroundSurface") return SurfaceType::Ground;
    if (type == "ClosureSurface") return SurfaceType::Closure;
    return SurfaceType::Other;  // OuterCeilingSurface, Window, Door, WaterSurface, extensions, ...
}

// How deep surfaces are nested in "boundaries" (and "semantics.values"):
// 0 = a list of surfaces, 1 = shells of surfaces, 2 = solids of shells.
std::optional<int> surfaceDepth(std::string_view type) {
    if (type == "MultiSurface" || type == "CompositeSurface") return 0;
    if (type == "Solid") return 1;
    if (type == "MultiSolid" || type == "CompositeSolid") return 2;
    return std::nullopt;
}

glm::dvec3 place(const Placement& p, const glm::dvec3& v) {
    const auto& m = p.m;
    return p.reference + glm::dvec3(m[0] * v.x + m[1] * v.y + m[2] * v.z + m[3],
                                    m[4] * v.x + m[5] * v.y + m[6] * v.z + m[7],
                                    m[8] * v.x + m[9] * v.y + m[10] * v.z + m[11]);
}

// Reads the geometry (value at the current path) of one object.
class GeometryReader {
public:
    GeometryReader(Context& ctx, SourceObject& object, const VertexPool& pool)
        : ctx_(ctx), object_(object), pool_(pool) {}

    void read(object geometry, int depth) {
        readSemantics(geometry);
        element boundaries;
        if (geometry["boundaries"].get(boundaries) != SUCCESS) {
            ctx_.error("geometry has no \"boundaries\"");
            ctx_.counted("skipped geometry: invalid structure");
            return;
        }
        PathScope scope(ctx_.path, "boundaries");
        walk(boundaries, hasValues_ ? &values_ : nullptr, depth);
    }

private:
    void readSemantics(object geometry) {
        element semantics;
        if (geometry["semantics"].get(semantics) != SUCCESS || semantics.is_null()) return;
        PathScope scope(ctx_.path, "semantics");
        array surfaces;
        if (semantics["surfaces"].get_array().get(surfaces) != SUCCESS) {
            ctx_.error("\"semantics\" needs a \"surfaces\" array; surfaces read without semantics");
            ctx_.counted("salvaged geometry: invalid semantics ignored");
            return;
        }
        std::size_t i = 0;
        for (element surface : surfaces) {
            std::string_view type;
            if (surface["type"].get_string().get(type) != SUCCESS) {
                PathScope item(ctx_.path, i);
                ctx_.error("semantic surface without a string \"type\"");
                type = {};
            }
            const SurfaceType t = type.empty() ? SurfaceType::Unknown : surfaceTypeOf(type);
            types_.push_back(t);
            ctx_.model.surfaces.add(t);
            ++i;
        }
        hasValues_ = semantics["values"].get(values_) == SUCCESS && !values_.is_null();
    }

    // `values` mirrors `boundaries` down to one index (or null) per surface;
    // null at any level means "no semantics below".
    void walk(element boundaries, const element* values, int depth) {
        array items;
        if (boundaries.get_array().get(items) != SUCCESS) {
            ctx_.error(depth > 0 ? "expected an array of shells or solids" : "expected an array of surfaces");
            ctx_.counted("skipped geometry: invalid structure");
            return;
        }
        array valueItems;
        const bool haveValues = values != nullptr && values->get_array().get(valueItems) == SUCCESS;
        std::optional<array::iterator> valueIt, valueEnd;
        if (haveValues) {
            valueIt = valueItems.begin();
            valueEnd = valueItems.end();
        }
        // A DOM array knows its length: one allocation per surface list
        // instead of the polygons' regrowth (and the moves of every polygon);
        // still doubling across the shells of a solid.
        std::vector<SourcePolygon>& polygons = object_.polygons;
        if (depth == 0 && polygons.size() + items.size() > polygons.capacity())
            polygons.reserve(std::max(polygons.size() + items.size(), 2 * polygons.capacity()));
        std::size_t i = 0;
        for (element item : items) {
            std::optional<element> value;
            if (valueIt && *valueIt != *valueEnd) {
                value = **valueIt;
                ++*valueIt;
            }
            PathScope scope(ctx_.path, i++);
            if (depth > 0) {
                walk(item, value && !value->is_null() ? &*value : nullptr, depth - 1);
            } else {
                surface(item, surfaceType(value));
            }
        }
    }

    SurfaceType surfaceType(const std::optional<element>& value) {
        if (!value || value->is_null()) return SurfaceType::Unknown;
        std::uint64_t index = 0;
        if (value->get_uint64().get(index) != SUCCESS || index >= types_.size()) {
            ctx_.counted("salvaged polygon: invalid semantics value (surface type unknown)");
            return SurfaceType::Unknown;
        }
        return types_[index];
    }

    void surface(element value, SurfaceType type) {
        ++ctx_.model.polygons;
        if (!collectRings(value)) return;
        Triangulation t = triangulatePolygon(PolygonRings{ctx_.ringPoints, ctx_.ringSizes});
        if (t.status == TriangulateStatus::Skipped) {
            ctx_.counted(std::string("skipped polygon: ") + t.reason);
            return;
        }
        if (t.status == TriangulateStatus::Salvaged) ctx_.counted(std::string("salvaged polygon: ") + t.reason);
        ctx_.model.triangles += t.triangleCount();
        ctx_.model.polygonSurfaces.add(type);
        object_.polygons.push_back(SourcePolygon{type, std::move(t.vertices), std::move(t.indices)});
    }

    // Fills the context's scratch rings; false (reported) when the surface is malformed.
    bool collectRings(element value) {
        ctx_.ringPoints.clear();
        ctx_.ringSizes.clear();
        array rings;
        if (value.get_array().get(rings) != SUCCESS) {
            ctx_.error("a surface must be an array of rings");
            ctx_.counted("skipped polygon: invalid structure");
            return false;
        }
        const std::vector<glm::dvec3>& vertices = *pool_.vertices;
        std::size_t r = 0;
        for (element ring : rings) {
            PathScope ringScope(ctx_.path, r++);
            array indices;
            if (ring.get_array().get(indices) != SUCCESS) {
                ctx_.error("a ring must be an array of vertex indices");
                ctx_.counted("skipped polygon: invalid structure");
                return false;
            }
            std::uint32_t count = 0;
            for (element index : indices) {
                std::uint64_t v = 0;
                if (index.get_uint64().get(v) != SUCCESS || v >= vertices.size()) {
                    PathScope indexScope(ctx_.path, count);
                    ctx_.error(index.is_uint64() ? "vertex index " + std::to_string(v) + " out of range (" +
                                                       pool_.name + " has " + std::to_string(vertices.size()) + ")"
                                                 : "vertex index is not a non-negative integer");
                    ctx_.counted("skipped polygon: invalid vertex index");
                    return false;
                }
                const glm::dvec3& p = vertices[v];
                ctx_.ringPoints.push_back(pool_.placement ? place(*pool_.placement, p) : p);
                ++count;
            }
            ctx_.ringSizes.push_back(count);
        }
        return true;
    }

    Context& ctx_;
    SourceObject& object_;
    const VertexPool& pool_;
    std::vector<SurfaceType> types_;  // semantics.surfaces[i].type
    element values_;
    bool hasValues_ = false;
};

// A geometry of an object, resolved enough to choose by LoD.
struct Candidate {
    std::size_t index = 0;     // in the object's "geometry" array
    object geometry;           // for instances: the template's geometry
    std::string_view type;     // of `geometry`
    int lod = 0;
    std::optional<Placement> placement;
    std::optional<std::size_t> templateIndex;
};

bool readPlacement(Context& ctx, object instance, Placement& placement) {
    array boundaries, matrix;
    std::uint64_t ref = 0;
    if (instance["boundaries"].get_array().get(boundaries) != SUCCESS || boundaries.size() != 1 ||
        boundaries.at(0).get_uint64().get(ref) != SUCCESS || ref >= ctx.doc.vertices.size()) {
        PathScope scope(ctx.path, "boundaries");
        ctx.error("a GeometryInstance's \"boundaries\" must hold one valid vertex index (the reference point)");
        return false;
    }
    placement.reference = ctx.doc.vertices[ref];
    if (instance["transformationMatrix"].get_array().get(matrix) != SUCCESS || matrix.size() != 16) {
        PathScope scope(ctx.path, "transformationMatrix");
        ctx.error("\"transformationMatrix\" must be an array of 16 numbers");
        return false;
    }
    std::size_t i = 0;
    for (element v : matrix) {
        if (v.get_double().get(placement.m[i]) != SUCCESS || !std::isfinite(placement.m[i])) {
            PathScope scope(ctx.path, "transformationMatrix");
            ctx.error("\"transformationMatrix\" must be an array of 16 numbers");
            return false;
        }
        ++i;
    }
    return true;
}

// Reads type and LoD of one entry of "geometry"; false (reported) when unusable.
bool readCandidate(Context& ctx, element value, Candidate& c) {
    if (value.get_object().get(c.geometry) != SUCCESS || c.geometry["type"].get_string().get(c.type) != SUCCESS) {
        ctx.error("a geometry must be an object with a string \"type\"");
        ctx.counted("skipped geometry: invalid structure");
        return false;
    }
    if (c.type == "GeometryInstance") {
        std::uint64_t t = 0;
        if (c.geometry["template"].get_uint64().get(t) != SUCCESS || t >= ctx.doc.templates.geometries.size() ||
            !ctx.doc.templates.geometries[t]) {
            ctx.error("GeometryInstance refers to template " +
                      (c.geometry["template"].is_uint64() ? std::to_string(t) : std::string("?")) +
                      ", which is not a valid entry of \"geometry-templates\" (" +
                      std::to_string(ctx.doc.templates.geometries.size()) + " templates)");
            ctx.counted("skipped geometry: invalid template reference");
            return false;
        }
        Placement placement;
        if (!readPlacement(ctx, c.geometry, placement)) {
            ctx.counted("skipped geometry: invalid GeometryInstance");
            return false;
        }
        c.placement = placement;
        c.templateIndex = t;
        // Templates were checked when read: an object with a string type, not an instance.
        c.geometry = *ctx.doc.templates.geometries[t];
        if (c.geometry["type"].get_string().get(c.type) != SUCCESS) return false;
    }
    element lod;
    if (c.geometry["lod"].get(lod) != SUCCESS) {
        c.lod = 0;
        ctx.counted("salvaged geometry: missing \"lod\" (taken as LoD 0)");
        return true;
    }
    const auto parsed = parseLod(lod);
    if (!parsed) {
        PathScope scope(ctx.path, "lod");
        ctx.error("\"lod\" must be a number or a string such as \"2.2\"");
        ctx.counted("skipped geometry: invalid lod");
        return false;
    }
    c.lod = *parsed;
    return true;
}

bool lodMatches(LodChoice choice, int lod) {
    switch (choice) {
        case LodChoice::Auto: return true;
        case LodChoice::Lod1: return lod >= 10 && lod < 20;
        case LodChoice::Lod2: return lod >= 20 && lod < 30;
    }
    return true;
}

// Highest LoD allowed by the choice; when the object has none in the asked
// LoD, the nearest one it has (counted), so the object is not lost.
int chooseLod(Context& ctx, const std::vector<Candidate>& candidates) {
    int best = -1;
    for (const auto& c : candidates)
        if (lodMatches(ctx.options.lod, c.lod)) best = std::max(best, c.lod);
    if (best >= 0 || candidates.empty()) return best;
    const int wanted = ctx.options.lod == LodChoice::Lod1 ? 10 : 20;
    int bestDistance = 1 << 30;
    for (const auto& c : candidates) {
        const int distance = std::abs(c.lod / 10 * 10 - wanted);
        if (distance < bestDistance || (distance == bestDistance && c.lod > best)) {
            best = c.lod;
            bestDistance = distance;
        }
    }
    ctx.counted("salvaged object: requested LoD missing, nearest LoD used");
    return best;
}

void readGeometry(Context& ctx, SourceObject& so, const Candidate& c) {
    const auto depth = surfaceDepth(c.type);
    if (!depth) {
        if (c.type == "MultiPoint" || c.type == "MultiLineString") {
            ctx.counted("skipped geometry: not a surface (" + std::string(c.type) + ")");
        } else {
            ctx.error("unknown geometry type \"" + std::string(c.type) + "\"");
            ctx.counted("skipped geometry: unknown type");
        }
        return;
    }
    if (!c.placement) {
        VertexPool pool{&ctx.doc.vertices, nullptr, "\"vertices\""};
        GeometryReader(ctx, so, pool).read(c.geometry, *depth);
        return;
    }
    // Template geometry: messages point into the template, not the instance.
    JsonPath templatePath;
    templatePath.push("geometry-templates");
    templatePath.push("templates");
    templatePath.push(*c.templateIndex);
    std::swap(ctx.path, templatePath);
    VertexPool pool{&ctx.doc.templates.vertices, &*c.placement, "\"vertices-templates\""};
    GeometryReader(ctx, so, pool).read(c.geometry, *depth);
    std::swap(ctx.path, templatePath);
    ctx.counted("instantiated: geometry template");
}

std::string attributeText(element value) {
    std::string_view s;
    if (value.get_string().get(s) == SUCCESS) return std::string(s);
    std::int64_t i = 0;
    if (value.get_int64().get(i) == SUCCESS) return std::to_string(i);
    double d = 0;
    if (value.get_double().get(d) == SUCCESS) {
        std::string text = std::to_string(d);
        text.erase(text.find_last_not_of('0') + 1);
        if (!text.empty() && text.back() == '.') text.pop_back();
        return text;
    }
    array list;
    if (value.get_array().get(list) == SUCCESS && list.size() > 0) return attributeText(list.at(0).value_unsafe());
    return {};
}

std::optional<double> attributeNumber(object attributes, std::string_view key) {
    element value;
    if (attributes[key].get(value) != SUCCESS) return std::nullopt;
    double d = 0;
    if (value.get_double().get(d) == SUCCESS && std::isfinite(d)) return d;
    std::string_view s;
    if (value.get_string().get(s) == SUCCESS) {
        const std::string text(s);
        char* end = nullptr;
        d = std::strtod(text.c_str(), &end);
        if (end != text.c_str() && *end == '\0' && std::isfinite(d)) return d;
    }
    return std::nullopt;
}

// function: "function", else "usage", else "class" (CityJSON 1.0 Building
// attributes; Zürich has only "class"). measuredHeight: "measuredHeight",
// else the 3D BAG roof height above ground (h_dak_max - h_maaiveld, also with
// the b3_ prefix of 3D BAG 2023+).
void readAttributes(Context& ctx, object objectValue, SourceObject& so) {
    object attributes;
    if (objectValue["attributes"].get_object().get(attributes) != SUCCESS) return;
    for (const char* key : {"function", "usage", "class"}) {
        element value;
        if (attributes[key].get(value) == SUCCESS) {
            so.function = attributeText(value);
            if (!so.function.empty()) break;
        }
    }
    if (auto h = attributeNumber(attributes, "measuredHeight")) {
        so.measuredHeight = *h;
    } else if (attributes["measuredHeight"].error() == SUCCESS) {
        PathScope a(ctx.path, "attributes");
        PathScope m(ctx.path, "measuredHeight");
        ctx.counted("ignored attribute: measuredHeight is not a number", "measuredHeight is not a number");
    } else {
        for (const char* prefix : {"", "b3_"}) {
            const auto top = attributeNumber(attributes, std::string(prefix) + "h_dak_max");
            const auto ground = attributeNumber(attributes, std::string(prefix) + "h_maaiveld");
            if (top && ground) {
                so.measuredHeight = *top - *ground;
                break;
            }
        }
    }
}

}  // namespace

std::optional<int> parseLod(element lod) {
    double number = 0;
    std::string_view text;
    if (lod.get_double().get(number) == SUCCESS) {
        if (!(number >= 0 && number < 10)) return std::nullopt;
        return static_cast<int>(std::lround(number * 10.0));
    }
    if (lod.get_string().get(text) != SUCCESS) return std::nullopt;
    // "d" or "d.d" (CityJSON LoD strings: "1", "2", "1.2", "2.2", ...).
    const auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
    if (text.size() == 1 && digit(text[0])) return (text[0] - '0') * 10;
    if (text.size() == 3 && digit(text[0]) && text[1] == '.' && digit(text[2]))
        return (text[0] - '0') * 10 + (text[2] - '0');
    return std::nullopt;
}

void readTemplates(Context& ctx, element value) {
    object block;
    array templates, vertices;
    if (value.get_object().get(block) != SUCCESS || block["templates"].get_array().get(templates) != SUCCESS ||
        block["vertices-templates"].get_array().get(vertices) != SUCCESS) {
        ctx.error("\"geometry-templates\" must hold \"templates\" and \"vertices-templates\" arrays");
        return;
    }
    {
        PathScope scope(ctx.path, "vertices-templates");
        readVertexArray(ctx, vertices, glm::dvec3(1.0), glm::dvec3(0.0), ctx.doc.templates.vertices);
    }
    PathScope scope(ctx.path, "templates");
    std::size_t i = 0;
    for (element t : templates) {
        PathScope item(ctx.path, i++);
        object geometry;
        std::string_view type;
        if (t.get_object().get(geometry) != SUCCESS || geometry["type"].get_string().get(type) != SUCCESS ||
            type == "GeometryInstance") {
            ctx.error("a template must be a geometry object with a \"type\" (not a GeometryInstance)");
            ctx.doc.templates.geometries.emplace_back();  // keeps indices aligned; instances report it
            continue;
        }
        ctx.doc.templates.geometries.emplace_back(geometry);
    }
}

bool readCityObject(Context& ctx, std::string_view id, element value) {
    object obj;
    std::string_view type;
    if (value.get_object().get(obj) != SUCCESS) {
        ctx.error("a CityObject must be a JSON object");
        ctx.counted("skipped object: invalid");
        return false;
    }
    if (obj["type"].get_string().get(type) != SUCCESS) {
        ctx.error("CityObject has no string \"type\"");
        ctx.counted("skipped object: invalid");
        return false;
    }
    SourceObject so;
    so.id = std::string(id);
    so.type = std::string(type);
    so.kind = type == "Building"       ? ObjectKind::Building
              : type == "BuildingPart" ? ObjectKind::BuildingPart
              : type == "TINRelief"    ? ObjectKind::Terrain  // CityJSON 1.0-2.0's relief: a CompositeSurface
                                       : ObjectKind::Other;
    array parents;
    if (obj["parents"].get_array().get(parents) == SUCCESS && parents.size() > 0) {
        std::string_view parent;
        if (parents.at(0).get_string().get(parent) == SUCCESS) {
            so.parentId = std::string(parent);
        } else {
            PathScope scope(ctx.path, "parents");
            ctx.error("\"parents\" must be an array of object ids");
        }
    }
    readAttributes(ctx, obj, so);

    element geometries;
    if (so.kind != ObjectKind::BuildingPart && ctx.doc.buildingsWithPartGeometry.count(id) > 0 &&
        obj["geometry"].get(geometries) == SUCCESS) {
        ctx.counted("skipped geometry: building drawn by its parts' geometry");
    } else if (obj["geometry"].get(geometries) == SUCCESS) {
        PathScope scope(ctx.path, "geometry");
        array list;
        if (geometries.get_array().get(list) != SUCCESS) {
            ctx.error("\"geometry\" must be an array");
            ctx.counted("skipped geometry: invalid structure");
        } else {
            std::vector<Candidate> candidates;
            std::size_t i = 0;
            for (element g : list) {
                PathScope item(ctx.path, i);
                Candidate c;
                c.index = i++;
                if (readCandidate(ctx, g, c)) candidates.push_back(c);
            }
            so.lodTimes10 = std::max(0, chooseLod(ctx, candidates));
            for (const auto& c : candidates) {
                if (c.lod != so.lodTimes10) continue;
                PathScope item(ctx.path, c.index);
                readGeometry(ctx, so, c);
            }
        }
    }
    // A relief's triangles are the ground itself, whatever semantics they carry.
    if (so.kind == ObjectKind::Terrain)
        for (SourcePolygon& polygon : so.polygons) polygon.surface = SurfaceType::Terrain;
    ctx.model.objects.push_back(std::move(so));
    return true;
}

}  // namespace places::city::cityjson
