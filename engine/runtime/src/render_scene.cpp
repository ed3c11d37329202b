#include "places/runtime/render_scene.hpp"


#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <future>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <span>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include "places/runtime/asset_cache.hpp"
#include "places/runtime/import_cache.hpp"
#include "places/runtime/stage_log.hpp"
#include "places/runtime/standing_room.hpp"
#include "places/city/local_frame.hpp"
#include "places/city/pack.hpp"
#include "places/city/pack_tile_set.hpp"
#include "places/render/asset_geometry.hpp"
#include "places/render/demo_city.hpp"
#include "places/scenes/booth_props.hpp"
#include "places/scenes/scene_assets.hpp"
#include "places/scenes/scene_file.hpp"
#include "places/scenes/scene_ground.hpp"

namespace places::runtime {

namespace {

enum class SourceKind { Demo, Scene, CityGml, CityJson, Pack, Unknown };

// By content, not extension: a scene file and a CityJSON file are both .json.
SourceKind sniff(const std::string& path) {
    if (path == "demo:" || path == "demo") return SourceKind::Demo;
    std::ifstream in(path, std::ios::binary);
    if (!in) return SourceKind::Unknown;
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (head.rfind("\x89PLC\r\n\x1a\n", 0) == 0) return SourceKind::Pack;  // docs/formats/city-pack.md
    const auto first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first == std::string::npos) return SourceKind::Unknown;
    if (head[first] == '<') return SourceKind::CityGml;
    if (head[first] == '{') {
        const bool cityJson = head.find("\"CityJSON\"") != std::string::npos ||
                              head.find("\"CityJSONFeature\"") != std::string::npos;
        return cityJson ? SourceKind::CityJson : SourceKind::Scene;
    }
    return SourceKind::Unknown;
}

// Opens a pack and decodes its tiles; `frame` (when given) is the scene's
// origin: a pack imported with another origin (same CRS) is shifted into it.
// The top-level building of every building record (parts name their
// parents); a malformed parent cycle stops after as many steps as records.
std::vector<std::uint32_t> buildingRoots(const city::PackReader& pack) {
    const std::size_t count = pack.buildingCount();
    std::vector<std::int32_t> parent(count);
    for (std::size_t b = 0; b < count; ++b) parent[b] = pack.building(b).parent;
    std::vector<std::uint32_t> roots(count);
    for (std::size_t b = 0; b < count; ++b) {
        std::size_t r = b;
        for (std::size_t steps = 0; steps < count; ++steps) {
            if (parent[r] < 0 || static_cast<std::size_t>(parent[r]) >= count) break;
            r = static_cast<std::size_t>(parent[r]);
        }
        roots[b] = static_cast<std::uint32_t>(r);
    }
    return roots;
}

Result<city::TileSet> loadPackTiles(const std::string& path, const std::optional<city::GeoReference>& frame,
                                    city::GeoReference* geoOut, std::vector<std::uint32_t>& roots) {
    StageScope stage("city pack: open + decode tiles");
    Result<city::TileSet> result;
    auto pack = city::PackReader::open(path);
    result.diagnostics.append(pack.diagnostics);
    if (!pack.value) return result;
    auto tiles = city::tileSetFromPack(*pack.value);
    result.diagnostics.append(tiles.diagnostics);
    if (!tiles.value) return result;
    const city::GeoReference& geo = pack.value->summary().geo;
    if (geoOut) *geoOut = geo;
    roots = buildingRoots(*pack.value);
    if (frame && geo.origin != frame->origin) {
        if (geo.crs != frame->crs) {
            result.diagnostics.error({path}, "pack CRS " + geo.crs + " differs from the scene's " + frame->crs);
            return result;
        }
        const glm::dvec3 shift = city::toLocal(geo.origin, frame->origin);
        for (city::Tile& tile : tiles.value->tiles) {
            tile.centre += shift;
            if (!tile.bounds.empty()) {
                tile.bounds.min += shift;
                tile.bounds.max += shift;
            }
        }
    }
    result.value = std::move(tiles.value);
    return result;
}

// Raw city files go through the import cache; packs are read directly.
Result<city::TileSet> loadCityTiles(const std::vector<std::string>& rawFiles, const std::vector<std::string>& packs,
                                    const std::optional<city::GeoReference>& frame, city::GeoReference* geoOut,
                                    std::vector<std::uint32_t>& roots, std::string& note) {
    Result<city::TileSet> result;
    if (packs.size() + (rawFiles.empty() ? 0 : 1) > 1) {
        result.diagnostics.error({packs.empty() ? rawFiles.front() : packs.front()},
                                 "a scene draws one city for now: name one pack, or only CityGML/CityJSON files "
                                 "(they are imported together)");
        return result;
    }
    std::string pack = packs.empty() ? std::string() : packs.front();
    if (!rawFiles.empty()) {
        StageScope stage("city import cache lookup");
        auto cached = importCached(rawFiles, frame);
        result.diagnostics.append(cached.diagnostics);
        if (!cached.value) return result;
        pack = cached.value->packPath;
        note = (cached.value->hit ? "import cache hit " : "imported into cache ") + pack;
    }
    return loadPackTiles(pack, frame, geoOut, roots);
}

// The look of the scene: a clear summer sky, a grass ground and the scene's sun.
render::Lighting lightingFor(double elevationDeg, double azimuthDeg) {
    render::Lighting l = render::Lighting::fromSun(float(elevationDeg), float(azimuthDeg));
    return l;
}

Result<RenderScene> loadCitySource(const std::string& path, bool isPack) {
    Result<RenderScene> result;
    RenderScene scene;
    city::GeoReference geo;
    std::vector<std::uint32_t> roots;
    auto tiles = isPack ? loadPackTiles(path, std::nullopt, &geo, roots)
                        : loadCityTiles({path}, {}, std::nullopt, &geo, roots, scene.description);
    result.diagnostics.append(tiles.diagnostics);
    if (!tiles.value || result.diagnostics.hasErrors()) return result;
    render::addCityTiles(scene.geometry, *tiles.value, {}, roots);
    scene.ground = std::make_shared<const city::GroundHeights>(city::GroundHeights::fromTileSet(*tiles.value));
    scene.views.push_back({"overview", overviewCamera(scene.geometry)});
    scene.lighting = lightingFor(45.0, 200.0);
    scene.lighting.fogDensity = fogDensityFor(scene.geometry, scene.lighting.fogDensity);
    scene.origin = geo.origin;
    if (scene.description.empty()) scene.description = path;
    result.value = std::move(scene);
    return result;
}

// Reserves the scene's vertex and index arrays for the city and the props
// (painted copies aside) before they are appended: grown by doubling, they were
// copied and their fresh pages faulted in several times over (addSubmesh was
// ~4 % of a warm `places render`'s CPU samples).
void reserveGeometry(render::SceneGeometry& g, const city::TileSet* tiles, std::span<const assets::AssetModel> models) {
    std::size_t vertices = g.vertices.size(), indices = g.indices.size();
    if (tiles)
        for (const city::Tile& tile : tiles->tiles)
            for (const city::TileLevel& level : tile.levels) {
                vertices += level.positions.size();
                indices += level.indices.size();
            }
    for (const assets::AssetModel& model : models)
        for (const assets::Mesh& mesh : model.meshes) {
            vertices += mesh.positions.size();
            indices += mesh.indices.size();
            for (const assets::MeshLevel& level : mesh.levels) indices += level.indices.size();
        }
    g.vertices.reserve(vertices);
    g.indices.reserve(indices);
}

// What a spawn warning says stands in the way: the venue prop that placed the
// instance (by name and entry), a sign or screen (instances of no prop), or a building.
std::string obstructionName(const Obstruction& o, const scenes::Scene& s, const std::vector<std::size_t>& venueOfInstance) {
    if (o.kind == Obstruction::Kind::City) return "a building";
    const std::size_t v = o.index < venueOfInstance.size() ? venueOfInstance[o.index] : s.venues.size();
    if (v >= s.venues.size()) return "a sign or screen";
    const std::string entry = s.venues[v].entry.empty() ? "venues[" + std::to_string(v) + "]" : s.venues[v].entry;
    return "the venue prop \"" + s.venues[v].name + "\" (" + entry + ")";
}

Result<RenderScene> loadSceneFile(const std::string& path) {
    Result<RenderScene> result;
    auto start = StageClock::now();
    double cpuStart = threadCpuMilliseconds();
    auto loaded = scenes::loadScene(path);
    recordStage("scene JSON", start, cpuStart);
    result.diagnostics.append(loaded.diagnostics);
    if (!loaded.value || result.diagnostics.hasErrors()) return result;
    // Booths become props and signs here, where a scene is drawn: the scene
    // file and the relay keep the booths as data.
    result.diagnostics.append(scenes::addBoothProps(*loaded.value));
    if (result.diagnostics.hasErrors()) return result;
    scenes::Scene& s = *loaded.value;  // "ground" positions are placed once the city is in

    RenderScene scene;
    scene.origin = s.origin.origin;
    std::vector<std::string> rawFiles, packs;
    for (const scenes::CitySource& source : s.city)
        (source.kind == scenes::CitySource::Kind::Pack ? packs : rawFiles).push_back(source.path);
    // The city (import cache, or a whole import on a first run) on its own
    // thread beside the venue assets: on a first run both are seconds of
    // parsing, and neither needs the other.
    std::vector<std::uint32_t> roots;
    std::string cityNote;
    std::future<Result<city::TileSet>> city;
    if (!rawFiles.empty() || !packs.empty())
        city = std::async(std::launch::async, [&] {
            return loadCityTiles(rawFiles, packs, s.origin, nullptr, roots, cityNote);
        });

    // Each distinct file on its own thread (Assimp importers are independent),
    // through the asset cache (decoded meshes and textures of earlier runs).
    start = StageClock::now();
    cpuStart = threadCpuMilliseconds();
    auto assets = scenes::loadSceneAssets(s, [](const std::string& asset) {
        StageScope stage("");
        bool hit = false;
        auto model = importAssetCached(asset, &hit);
        stage.rename(std::string(hit ? "asset (cached) " : "asset (imported) ") +
                     std::filesystem::path(asset).filename().string());
        return model;
    });
    recordStage("venue assets, all", start, cpuStart);
    std::optional<Result<city::TileSet>> cityTiles;
    if (city.valid()) cityTiles = city.get();
    reserveGeometry(scene.geometry, cityTiles && cityTiles->value ? &*cityTiles->value : nullptr,
                    assets.value ? std::span<const assets::AssetModel>(assets.value->models)
                                 : std::span<const assets::AssetModel>());
    if (cityTiles) {
        auto& tiles = *cityTiles;
        scene.description = cityNote;
        result.diagnostics.append(tiles.diagnostics);
        if (!tiles.value || result.diagnostics.hasErrors()) {
            result.diagnostics.append(assets.diagnostics);
            return result;
        }
        render::addCityTiles(scene.geometry, *tiles.value, {}, roots);
        StageScope groundStage("terrain heights + scene on the ground");
        scene.ground = std::make_shared<const city::GroundHeights>(city::GroundHeights::fromTileSet(*tiles.value));
        scenes::placeOnGround(
            s, [&ground = *scene.ground](double x, double z) { return ground.heightAt(x, z); }, result.diagnostics);
    } else if (!s.groundAnchors.empty()) {
        SourceLocation where{path};
        where.pointer = s.groundAnchors.front().path;
        result.diagnostics.warning(std::move(where), "height \"ground\" without a city: kept at the origin's height");
        result.diagnostics.count("position outside the terrain", s.groundAnchors.size());
    }
    result.diagnostics.append(assets.diagnostics);
    if (!assets.value || result.diagnostics.hasErrors()) return result;
    StageScope geometryStage("scene geometry: place props");
    std::vector<render::AssetGeometry> models;
    for (assets::AssetModel& model : assets.value->models) {  // textures moved, not copied
        const std::int32_t textures = render::addTextures(scene.geometry, std::move(model.images));
        models.push_back(render::addAsset(scene.geometry, model, textures));
    }
    // A venue with a colour gets a copy of its asset painted in it (one per
    // asset and colour): materials are per model, and draws are per material.
    std::map<std::pair<std::size_t, std::array<float, 3>>, render::AssetGeometry> painted;
    // Which venue prop placed each instance: a spawn warning names the prop.
    std::vector<std::size_t> venueOfInstance(scene.geometry.instances.size(), s.venues.size());
    for (std::size_t v = 0; v < s.venues.size(); ++v) {
        const std::int32_t m = assets.value->venueModel[v];
        if (m < 0) continue;
        const auto index = static_cast<std::size_t>(m);
        const assets::AssetModel& model = assets.value->models[index];
        const render::AssetGeometry* geometry = &models[index];
        if (const auto& colour = s.venues[v].color) {
            const std::pair key{index, std::array{colour->r, colour->g, colour->b}};
            auto it = painted.find(key);
            if (it == painted.end()) {
                assets::AssetModel plain;  // everything but the (dropped) textures
                plain.meshes = model.meshes;
                plain.materials = model.materials;
                plain.instances = model.instances;
                plain.bounds = model.bounds;
                for (assets::Material& material : plain.materials) {
                    material.baseColorFactor = glm::vec4(*colour, 1.0f);
                    material.baseColorTexture = -1;
                    material.alphaMode = assets::AlphaMode::Opaque;
                }
                it = painted.emplace(key, render::addAsset(scene.geometry, plain)).first;
            }
            geometry = &it->second;
        }
        render::placeAsset(scene.geometry, *geometry, model, glm::mat4(s.venues[v].placement.matrix()));
        venueOfInstance.resize(scene.geometry.instances.size(), v);
    }

    if (!s.signs.empty() || !s.events.empty()) {
        StageScope signStage("scene geometry: signs and stage screens");
        scene.signFont = sharedDefaultFont();
        if (!scene.signFont) {
            result.diagnostics.error({path}, "the built-in font cannot be loaded (signs)");
            return result;
        }
        auto signs = addSceneSigns(scene.geometry, s, *scene.signFont);
        result.diagnostics.append(signs.diagnostics);
        if (signs.value) scene.signs = std::move(*signs.value);
    }

    for (const scenes::CameraView& v : s.views) {
        render::Camera camera;
        camera.pose = {v.position, v.yawDeg, v.pitchDeg};
        camera.verticalFovDeg = v.verticalFovDeg;
        scene.views.push_back({v.name, camera});
    }
    if (scene.views.empty()) scene.views.push_back({"overview", overviewCamera(scene.geometry)});
    scene.lighting = lightingFor(s.sun.elevationDeg, s.sun.azimuthDeg);
    scene.lighting.fogDensity = fogDensityFor(scene.geometry, scene.lighting.fogDensity);
    scene.venueId = s.venueId;
    scene.title = s.name;
    scene.spawns = s.spawns;
    // A spawn inside a prop puts visitors into it (arrivals around it step
    // aside, but the spawn itself is where `places view` starts).
    for (std::size_t i = 0; i < s.spawns.size(); ++i) {
        const auto blocked = obstructionAt(scene.geometry, s.spawns[i].position);
        if (!blocked) continue;
        SourceLocation where{path};
        where.pointer = "/spawns/" + std::to_string(i);
        result.diagnostics.warning(std::move(where), "spawn \"" + s.spawns[i].name + "\": " +
                                                         obstructionName(*blocked, s, venueOfInstance) +
                                                         " stands where a visitor arrives (0.25 m around the feet, "
                                                         "0.3-1.9 m above them)");
    }
    scene.zones = s.zones;
    scene.events = s.events;
    scene.booths = s.booths;
    scene.portals = s.portals;
    scene.description = path + ": " + s.name + ", " + std::to_string(s.venues.size()) + " venue props" +
                        (scene.description.empty() ? "" : "; " + scene.description);
    result.value = std::move(scene);
    return result;
}

}  // namespace

Result<RenderScene> loadRenderScene(const std::string& source) {
    switch (sniff(source)) {
        case SourceKind::Demo: {
            Result<RenderScene> result;
            RenderScene scene;
            scene.geometry = render::makeDemoScene(4);
            scene.views.push_back({"overview", overviewCamera(scene.geometry)});
            render::Camera street;
            street.pose.position = {0.0, 1.7, 60.0};
            scene.views.push_back({"street", street});
            scene.lighting = render::Lighting::fromSun(45.0f, 200.0f);
            scene.description = "demo: a generated city";
            result.value = std::move(scene);
            return result;
        }
        case SourceKind::Scene: return loadSceneFile(source);
        case SourceKind::CityGml:
        case SourceKind::CityJson: return loadCitySource(source, false);
        case SourceKind::Pack: return loadCitySource(source, true);
        case SourceKind::Unknown: break;
    }
    Result<RenderScene> result;
    std::error_code ec;
    if (!std::filesystem::exists(source, ec))
        result.diagnostics.error({source}, "file not found");
    else
        result.diagnostics.error({source}, "not a scene file, city pack, CityGML or CityJSON file");
    return result;
}

namespace {

city::Bounds buildingsBounds(const render::SceneGeometry& g) {
    // Leaf tiles (their bounds are their buildings' bounds), weighted by the
    // buildings they hold. A city whose buildings sit in clusters kilometres
    // apart (three NRW tiles, a sparse Zürich subset) would be framed from so
    // far that every building is a pixel: frame the densest cluster instead.
    struct Leaf {
        glm::dvec3 min, max, centre;
        double weight;
    };
    std::vector<Leaf> leaves;
    for (std::size_t i = 0; i < g.tiles.size(); ++i) {
        const render::CityTileGeometry& tile = g.tiles[i];
        const bool leaf = i >= g.tileNodes.size() || g.tileNodes[i].children.empty();
        if (tile.levels.empty() || !leaf) continue;
        const glm::dvec3 lo(tile.boundsMin), hi(tile.boundsMax);
        const double weight = std::max<double>(tile.subtreeBuildings, 1.0);
        leaves.push_back({lo, hi, (lo + hi) * 0.5, weight});
    }
    // The densest 1.5 km square of buildings: each leaf's neighbourhood
    // (leaf centres within 750 m in x and z) weighted by buildings, the best
    // one framed (a city smaller than that is framed whole).
    constexpr double kHalfWindowM = 750.0;
    const auto near = [](const Leaf& a, const Leaf& b) {
        return std::abs(a.centre.x - b.centre.x) <= kHalfWindowM && std::abs(a.centre.z - b.centre.z) <= kHalfWindowM;
    };
    std::size_t best = 0;
    double bestWeight = -1.0;
    for (std::size_t i = 0; i < leaves.size(); ++i) {
        double weight = 0.0;
        for (const Leaf& other : leaves) weight += near(leaves[i], other) ? other.weight : 0.0;
        if (weight > bestWeight) {
            bestWeight = weight;
            best = i;
        }
    }
    city::Bounds box;
    for (const Leaf& leaf : leaves) {
        if (!near(leaves[best], leaf)) continue;
        box.add(leaf.min);
        box.add(leaf.max);
    }
    for (const render::ModelInstance& instance : g.instances) {  // props, when there is no city
        if (!box.empty() && !leaves.empty()) break;
        const render::Model& model = g.models[instance.model];
        for (const glm::vec3& corner : {model.boundsMin, model.boundsMax})
            box.add(glm::dvec3(instance.transform * glm::vec4(corner, 1.0f)));
    }
    if (box.empty()) box.add(glm::dvec3(0.0));
    return box;
}

double overviewDistance(const city::Bounds& box, double verticalFovDeg) {
    const double radius = std::max(glm::length(box.max - box.min) * 0.5, 20.0);
    return radius / std::tan(glm::radians(verticalFovDeg * 0.5)) * 0.9;
}

}  // namespace

render::Camera overviewCamera(const render::SceneGeometry& g) {
    const city::Bounds box = buildingsBounds(g);
    const glm::dvec3 centre = (box.min + box.max) * 0.5;
    render::Camera c;
    c.pose.yawDeg = 325.0;  // looking north-west, from the south-east
    c.pose.pitchDeg = -35.0;
    const double distance = overviewDistance(box, c.verticalFovDeg);
    c.pose.position = centre - visibility::forwardFromYawPitch(c.pose.yawDeg, c.pose.pitchDeg) * distance;
    return c;
}

float fogDensityFor(const render::SceneGeometry& g, float fogDensity) {
    // At most a fifth of the light lost to fog across the overview (to the far
    // side of the buildings), so a 1 km overview reads; never denser than given.
    const city::Bounds box = buildingsBounds(g);
    const double far = overviewDistance(box, render::Camera{}.verticalFovDeg) + glm::length(box.max - box.min);
    return std::min(fogDensity, static_cast<float>(-std::log(0.8) / far));
}

const NamedView* findView(const RenderScene& scene, const std::string& name) {
    for (const NamedView& v : scene.views)
        if (v.name == name) return &v;
    return nullptr;
}

std::string viewNames(const RenderScene& scene) {
    std::string names;
    for (const NamedView& v : scene.views) names += (names.empty() ? "" : ", ") + v.name;
    return names;
}

std::optional<render::Camera> parseCamera(const std::string& text, const glm::dvec3& origin) {
    double e = 0, n = 0, h = 0, heading = 0, pitch = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf,%lf%c", &e, &n, &h, &heading, &pitch, &tail) != 5)
        return std::nullopt;
    if (pitch < -90.0 || pitch > 90.0) return std::nullopt;
    render::Camera c;
    c.pose.position = city::toLocal({e, n, h}, origin);
    c.pose.yawDeg = heading;
    c.pose.pitchDeg = pitch;
    return c;
}

}  // namespace places::runtime
