// assembleCity: SourceModels (file CRSs, double) -> one City (local float frame).
#include "places/city/assemble.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <span>
#include <unordered_map>

#include <glm/geometric.hpp>

#include "assemble_objects.hpp"
#include "coordinate_check.hpp"
#include "parallel_jobs.hpp"
#include "places/city/crs_transform.hpp"
#include "places/city/local_frame.hpp"

namespace places::city {

namespace {

constexpr const char* kLocalCrs = "LOCAL";

// The horizontal/vertical CRS each input's coordinates are in; "LOCAL" = none.
struct InputCrs {
    std::string horizontal;
    std::string vertical;
};

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

std::optional<InputCrs> resolveInputCrs(const SourceModel& source, const std::optional<CrsName>& fallback,
                                        const AssembleOptions& options, Diagnostics& diagnostics) {
    const SourceLocation where{source.path};
    if (!source.crs.empty()) {
        if (auto name = normaliseCrs(source.crs)) return InputCrs{name->horizontal, name->vertical};
        diagnostics.error(where, "CRS '" + source.crs + "' is unknown to PROJ");
        return std::nullopt;
    }
    const std::string found = source.crsSource.empty() ? std::string() : "'" + source.crsSource + "'";
    if (fallback) {
        diagnostics.warning(where, (found.empty() ? "declares no CRS" : "declares CRS " + found + ", which Places does not understand") +
                                       "; using --crs " + fallback->horizontal);
        return InputCrs{fallback->horizontal, fallback->vertical};
    }
    if (!found.empty()) {
        diagnostics.error(where, "declares CRS " + found +
                                     ", which Places does not understand; pass --crs EPSG:n with the CRS of its coordinates");
        return std::nullopt;
    }
    if (options.allowLocal) {
        diagnostics.warning(where, "declares no CRS: its coordinates are used as local metres (not georeferenced); "
                                   "pass --crs EPSG:n to georeference it");
        return InputCrs{kLocalCrs, {}};
    }
    diagnostics.error(where, "declares no CRS; pass --crs EPSG:n with the CRS of its coordinates");
    return std::nullopt;
}

// Resolves every input's CRS and the output CRS. Nothing on error.
std::optional<std::vector<InputCrs>> resolveCrs(const std::vector<SourceModel>& sources,
                                                const AssembleOptions& options, GeoReference& geo,
                                                Diagnostics& diagnostics) {
    std::optional<CrsName> fallback;
    if (!options.fallbackCrs.empty()) {
        fallback = normaliseCrs(options.fallbackCrs);
        if (!fallback) {
            diagnostics.error({}, "--crs '" + options.fallbackCrs + "' is not a CRS PROJ knows (expected EPSG:n)");
            return std::nullopt;
        }
    }
    std::vector<InputCrs> inputs;
    for (const auto& source : sources)
        if (auto crs = resolveInputCrs(source, fallback, options, diagnostics)) inputs.push_back(std::move(*crs));
    if (diagnostics.hasErrors()) return std::nullopt;

    if (!options.originCrs.empty()) {
        auto name = normaliseCrs(options.originCrs);
        if (!name) {
            diagnostics.error({}, "origin CRS '" + options.originCrs + "' is not a CRS PROJ knows (expected EPSG:n)");
            return std::nullopt;
        }
        geo.crs = name->horizontal;
        geo.verticalCrs = name->vertical.empty() ? inputs.front().vertical : name->vertical;
    } else {
        geo.crs = inputs.front().horizontal;
        geo.verticalCrs = inputs.front().vertical;
    }

    // Local coordinates cannot be transformed, so they only merge with each other.
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const bool local = inputs[i].horizontal == kLocalCrs;
        if (local != (geo.crs == kLocalCrs)) {
            diagnostics.error({sources[i].path}, local ? "has no CRS but the output is in " + geo.crs +
                                                             "; pass --crs EPSG:n with the CRS of its coordinates"
                                                       : "is georeferenced but the output is local (an input without "
                                                         "CRS came first); pass --crs for the inputs without CRS");
        }
        if (!local && !inputs[i].vertical.empty() && !geo.verticalCrs.empty() && inputs[i].vertical != geo.verticalCrs)
            diagnostics.warning({sources[i].path}, "heights are in " + inputs[i].vertical + ", the output's in " +
                                                       geo.verticalCrs + ": heights are not converted");
    }
    if (geo.crs != kLocalCrs) {
        const CrsKind kind = describeCrs(geo.crs);
        if (!kind.projectedMetres) {
            diagnostics.error({}, "output CRS " + geo.crs + (kind.name.empty() ? "" : " (" + kind.name + ")") +
                                      " is not a projected CRS in metres; pass --origin-crs with one (e.g. the UTM zone)");
        }
    }
    if (diagnostics.hasErrors()) return std::nullopt;
    return inputs;
}

// Brings every input into the output CRS in place (double precision). One PROJ
// transform per distinct input CRS; inputs already in the output CRS are not touched.
bool transformInputs(std::vector<SourceModel>& sources, const std::vector<InputCrs>& inputs, const std::string& target,
                     Diagnostics& diagnostics, ProgressSink& progress) {
    std::map<std::string, CrsTransform> transforms;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        progress.update("transform", i, sources.size());
        const std::string& from = inputs[i].horizontal;
        if (from == target) continue;
        auto it = transforms.find(from);
        if (it == transforms.end()) {
            auto created = CrsTransform::create(from, target);
            if (!created) {
                for (const auto& d : created.diagnostics.items()) diagnostics.error({sources[i].path}, d.message);
                return false;
            }
            it = transforms.emplace(from, std::move(*created.value)).first;
        }
        std::size_t failed = 0;
        for (auto& object : sources[i].objects) {
            for (auto& polygon : object.polygons) failed += it->second.transform(polygon.vertices);
            failed += it->second.transform(object.terrainIntersection);
        }
        if (failed > 0)
            diagnostics.warning({sources[i].path}, std::to_string(failed) + " vertices could not be transformed from " +
                                                       from + " to " + target + " (outside the CRS's area)");
    }
    progress.finish("transform");
    return true;
}

glm::dvec3 autoOrigin(const std::vector<SourceModel>& sources) {
    Bounds bounds;
    for (const auto& source : sources)
        for (const auto& object : source.objects)
            for (const auto& polygon : object.polygons) {
                if (polygon.surface == SurfaceType::Closure) continue;
                for (const auto& v : polygon.vertices)
                    if (std::isfinite(v.x)) bounds.add(v);
            }
    if (bounds.empty()) return glm::dvec3(0.0);
    return {0.5 * (bounds.min.x + bounds.max.x), 0.5 * (bounds.min.y + bounds.max.y), bounds.min.z};
}

// Appends objects to the City: rebases (E,N,H) -> (x=E, y=H, z=-N) relative to
// the origin, drops closures and duplicates, checks polygons, writes the mesh.
// Parents are resolved once every object is in (resolveParents), so a part may
// come before its building in a file (CityJSON objects are unordered).
class CityBuilder {
public:
    CityBuilder(City& city, const AssembleOptions& options, Diagnostics& diagnostics)
        : city_(city), options_(options), diagnostics_(diagnostics) {}

    // The objects are meshed in shares on `threads` threads and appended in
    // document order here (assemble_objects.hpp).
    void addSource(const SourceModel& source, std::uint16_t sourceIndex, unsigned threads, ProgressSink& progress,
                   std::uint64_t& done, std::uint64_t total);
    // Links every part to its parent and counts buildings, parts and terrain.
    void resolveParents(const std::vector<SourceModel>& sources);

private:
    struct Pending {
        std::uint32_t record;
        std::string parentId;
        std::uint16_t source;
        std::string type;
    };
    // Counts `reason`; with -v also lists the object it happened to.
    void note(const std::string& reason, const std::string& path, const std::string& type, const std::string& id);

    City& city_;
    const AssembleOptions& options_;
    Diagnostics& diagnostics_;
    std::unordered_map<std::string, std::uint32_t> ids_;
    std::vector<Pending> pending_;       // records whose parent is still to be found
};

void CityBuilder::note(const std::string& reason, const std::string& path, const std::string& type,
                       const std::string& id) {
    diagnostics_.count(reason);
    if (!options_.listSkipped) return;
    SourceLocation where{path};
    where.pointer = id;
    diagnostics_.warning(std::move(where), reason + ": " + type + " " + id);
}

void CityBuilder::addSource(const SourceModel& source, std::uint16_t sourceIndex, unsigned threads,
                            ProgressSink& progress, std::uint64_t& done, std::uint64_t total) {
    // A few hundred polygons per share: small next to a job's cost. Objects
    // dropped as duplicates below are meshed for nothing (rare: tile edges).
    constexpr std::size_t kShareObjects = 64;
    const std::span<const SourceObject> objects(source.objects);
    std::vector<detail::MeshedObjects> shares((objects.size() + kShareObjects - 1) / kShareObjects);
    runJobs(shares.size(), jobThreads(threads), [&](std::size_t s, unsigned) {
        const std::size_t begin = s * kShareObjects;
        detail::meshObjects(objects.subspan(begin, std::min(kShareObjects, objects.size() - begin)),
                            city_.geo.origin, shares[s]);
    });

    CityMesh& mesh = city_.mesh;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const SourceObject& object = objects[i];
        if ((++done & 255u) == 0) progress.update("buildings", done, total);
        const auto index = static_cast<std::uint32_t>(city_.buildings.size());
        // Adjacent tiles may both carry an object; the first input keeps it.
        if (!ids_.try_emplace(object.id, index).second) {
            note("dropped: duplicate object (same id in an earlier input)", source.path, object.type, object.id);
            continue;
        }
        const detail::MeshedObjects& share = shares[i / kShareObjects];
        const std::size_t o = i % kShareObjects;
        const detail::MeshedObjects::Object& meshed = share.objects[o];
        const detail::MeshedObjects::Object before = o == 0 ? detail::MeshedObjects::Object{} : share.objects[o - 1];

        BuildingRecord record;
        record.id = object.id;
        record.function = object.function;
        record.measuredHeight = static_cast<float>(object.measuredHeight);
        record.kind = object.kind;
        record.lodTimes10 = static_cast<std::uint8_t>(object.lodTimes10);
        record.sourceFile = sourceIndex;
        record.bounds = meshed.bounds;
        if (!object.parentId.empty()) pending_.push_back({index, object.parentId, sourceIndex, object.type});
        for (std::size_t n = before.noteEnd; n < meshed.noteEnd; ++n)
            note(share.notes[n], source.path, object.type, object.id);

        // Indices of the share's vertices, rebased to where they land in the mesh.
        const auto rebase = static_cast<std::uint32_t>(mesh.positions.size() - before.vertexEnd);
        const auto vertexBegin = static_cast<std::ptrdiff_t>(before.vertexEnd);
        const auto vertexEnd = static_cast<std::ptrdiff_t>(meshed.vertexEnd);
        mesh.positions.insert(mesh.positions.end(), share.positions.begin() + vertexBegin,
                              share.positions.begin() + vertexEnd);
        mesh.normals.insert(mesh.normals.end(), share.normals.begin() + vertexBegin, share.normals.begin() + vertexEnd);
        for (std::size_t k = before.indexEnd; k < meshed.indexEnd; ++k) mesh.indices.push_back(share.indices[k] + rebase);
        const std::size_t triangleBegin = before.indexEnd / 3, triangleEnd = meshed.indexEnd / 3;
        mesh.triangleBuilding.insert(mesh.triangleBuilding.end(), triangleEnd - triangleBegin, index);
        mesh.triangleSurface.insert(mesh.triangleSurface.end(),
                                    share.surfaces.begin() + static_cast<std::ptrdiff_t>(triangleBegin),
                                    share.surfaces.begin() + static_cast<std::ptrdiff_t>(triangleEnd));
        city_.summary.surfaces += meshed.surfaces;
        city_.summary.polygons += meshed.polygons;

        for (const glm::dvec3& v : object.terrainIntersection)
            if (std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z))
                city_.terrainIntersection.push_back(toLocal(v, city_.geo.origin));
        city_.bounds.add(record.bounds);
        city_.buildings.push_back(std::move(record));
    }
}

void CityBuilder::resolveParents(const std::vector<SourceModel>& sources) {
    for (const Pending& p : pending_) {
        auto parent = ids_.find(p.parentId);
        // A part is never its own parent (the pack forbids it; a walk up would not end).
        if (parent != ids_.end() && parent->second != p.record)
            city_.buildings[p.record].parent = static_cast<std::int32_t>(parent->second);
        else
            note("kept: part whose parent object is missing (drawn as a building)", sources[p.source].path, p.type,
                 city_.buildings[p.record].id);
    }
    // One rule for the summary, `places info` and the tiler: a record with a
    // parent is a part, terrain is terrain, every other record is a building.
    for (const BuildingRecord& b : city_.buildings) {
        if (b.kind == ObjectKind::Terrain)
            ++city_.summary.terrainObjects;
        else if (b.parent >= 0)
            ++city_.summary.parts;
        else
            ++city_.summary.buildings;
    }
}

}  // namespace

Result<City> assembleCity(std::vector<SourceModel> sources, const AssembleOptions& options, ProgressSink& progress) {
    Result<City> result;
    Diagnostics& diagnostics = result.diagnostics;
    if (sources.empty()) {
        diagnostics.error({}, "no input files");
        return result;
    }
    if (sources.size() > 0xffff) {
        diagnostics.error({}, "too many input files (at most 65535)");
        return result;
    }
    City city;
    const auto inputs = resolveCrs(sources, options, city.geo, diagnostics);
    if (!inputs) return result;
    // Bad coordinates never reach the origin, the bounds or the mesh (coordinate_check.hpp).
    std::map<std::string, std::optional<ProjectedArea>> areas;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const std::string& crs = (*inputs)[i].horizontal;
        const bool local = crs == kLocalCrs;
        if (!local && !areas.contains(crs)) areas[crs] = projectedAreaOfUse(crs, detail::kAreaMarginDegrees);
        detail::dropBadCoordinates(sources[i], detail::CoordinateStage::AsRead,
                                   local ? std::nullopt : areas[crs], local, options.listSkipped, diagnostics);
    }
    if (city.geo.crs != kLocalCrs) {
        if (!transformInputs(sources, *inputs, city.geo.crs, diagnostics, progress)) return result;
        for (auto& source : sources)
            detail::dropBadCoordinates(source, detail::CoordinateStage::Transformed, std::nullopt, false,
                                       options.listSkipped, diagnostics);
    }

    city.geo.origin = options.origin ? *options.origin : autoOrigin(sources);

    std::uint64_t total = 0;
    std::size_t vertices = 0;
    for (const auto& source : sources) {
        total += source.objects.size();
        for (const auto& object : source.objects)
            for (const auto& polygon : object.polygons) vertices += polygon.vertices.size();
    }
    if (vertices >= 0xffffffffu) {
        diagnostics.error({}, "city too large for 32-bit indices (" + std::to_string(vertices) + " vertices)");
        return result;
    }
    city.mesh.positions.reserve(vertices);
    city.mesh.normals.reserve(vertices);

    CityBuilder builder(city, options, diagnostics);
    std::uint64_t done = 0;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        city.sources.push_back(fileName(sources[i].path));
        builder.addSource(sources[i], static_cast<std::uint16_t>(i), options.threads, progress, done, total);
    }
    builder.resolveParents(sources);
    progress.update("buildings", done, total);
    progress.finish("buildings");
    city.summary.files = sources.size();
    city.summary.triangles = city.mesh.triangleCount();
    result.value = std::move(city);
    return result;
}

}  // namespace places::city
