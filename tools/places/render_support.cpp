#include "render_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include "places/city/assemble.hpp"
#include "places/city/readers.hpp"
#include "places/city/tiling.hpp"
#include "places/render/asset_geometry.hpp"
#include "places/render/demo_city.hpp"
#include "places/scenes/scene_assets.hpp"
#include "places/scenes/scene_file.hpp"

namespace places::cli {

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
    if (head.rfind("PLACES", 0) == 0 || path.ends_with(".places")) return SourceKind::Pack;
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

// Temporary tiling until places::city::buildTiles lands on main: a root over
// 250 m leaves, each top-level building in the leaf holding its centre, one
// full-detail level per leaf. Same TileSet shape as buildTiles' output.
city::TileSet tileForRendering(const city::City& c, double tileSize = 250.0) {
    city::TileSet set;
    set.tileSize = tileSize;
    set.tiles.emplace_back();  // root, no geometry of its own
    const city::CityMesh& mesh = c.mesh;
    auto topLevel = [&](std::uint32_t b) {
        for (int guard = 0; guard < 64 && b < c.buildings.size() && c.buildings[b].parent >= 0; ++guard)
            b = static_cast<std::uint32_t>(c.buildings[b].parent);
        return b;
    };
    // Building centres from their triangles (parents may have no own bounds).
    std::vector<city::Bounds> buildingBounds(c.buildings.size());
    for (std::size_t t = 0; t < mesh.triangleCount(); ++t) {
        const std::uint32_t b = topLevel(mesh.triangleBuilding[t]);
        if (b >= buildingBounds.size()) continue;
        for (std::size_t k = 0; k < 3; ++k) buildingBounds[b].add(glm::dvec3(mesh.positions[mesh.indices[3 * t + k]]));
    }
    std::map<std::pair<long, long>, std::uint32_t> leafOf;
    std::vector<std::uint32_t> buildingLeaf(c.buildings.size(), 0);
    for (std::size_t b = 0; b < c.buildings.size(); ++b) {
        if (buildingBounds[b].empty()) continue;
        const glm::dvec3 centre = (buildingBounds[b].min + buildingBounds[b].max) * 0.5;
        const std::pair<long, long> key{std::lround(std::floor(centre.x / tileSize)),
                                        std::lround(std::floor(centre.z / tileSize))};
        auto [it, inserted] = leafOf.emplace(key, static_cast<std::uint32_t>(set.tiles.size()));
        if (inserted) {
            city::Tile leaf;
            leaf.level = 1;
            leaf.x = static_cast<std::int32_t>(key.first);
            leaf.z = static_cast<std::int32_t>(key.second);
            leaf.centre = glm::dvec3((double(key.first) + 0.5) * tileSize, 0.0, (double(key.second) + 0.5) * tileSize);
            leaf.parent = 0;
            leaf.levels.emplace_back();
            set.tiles[0].children.push_back(it->second);
            set.tiles.push_back(std::move(leaf));
        }
        buildingLeaf[b] = it->second;
        set.tiles[it->second].bounds.add(buildingBounds[b]);
    }
    for (std::size_t t = 0; t < mesh.triangleCount(); ++t) {
        const std::uint32_t b = topLevel(mesh.triangleBuilding[t]);
        if (b >= buildingLeaf.size() || buildingLeaf[b] == 0) continue;
        city::Tile& tile = set.tiles[buildingLeaf[b]];
        city::TileLevel& level = tile.levels[0];
        for (std::size_t k = 0; k < 3; ++k) {
            const std::uint32_t v = mesh.indices[3 * t + k];
            level.indices.push_back(static_cast<std::uint32_t>(level.positions.size()));
            level.positions.push_back(glm::vec3(glm::dvec3(mesh.positions[v]) - tile.centre));
            level.normals.push_back(mesh.normals[v]);
        }
        level.triangleBuilding.push_back(mesh.triangleBuilding[t]);
        level.triangleSurface.push_back(mesh.triangleSurface[t]);
    }
    for (std::size_t i = 1; i < set.tiles.size(); ++i) set.tiles[0].bounds.add(set.tiles[i].bounds);
    return set;
}

// Reads and assembles city files into one City in the frame of `origin`
// (nullopt: automatic origin, the centre of the city at its lowest point).
Result<city::City> importCity(const std::vector<std::string>& paths, const std::optional<city::GeoReference>& origin) {
    Result<city::City> result;
    std::vector<city::SourceModel> sources;
    for (const std::string& path : paths) {
        auto read = city::readCityFile(path, {});
        result.diagnostics.append(read.diagnostics);
        if (read.value) sources.push_back(std::move(*read.value));
    }
    if (result.diagnostics.hasErrors()) return result;
    city::AssembleOptions options;
    if (origin) {
        options.origin = origin->origin;
        options.originCrs = origin->crs;
    }
    NullProgress progress;
    auto assembled = city::assembleCity(std::move(sources), options, progress);
    result.diagnostics.append(assembled.diagnostics);
    result.value = std::move(assembled.value);
    return result;
}

// The look of the scene: a clear summer sky, a grass ground and the scene's sun.
render::Lighting lightingFor(double elevationDeg, double azimuthDeg) {
    render::Lighting l = render::Lighting::fromSun(float(elevationDeg), float(azimuthDeg));
    return l;
}

Result<RenderScene> loadCitySource(const std::string& path) {
    Result<RenderScene> result;
    auto city = importCity({path}, std::nullopt);
    result.diagnostics.append(city.diagnostics);
    if (!city.value || result.diagnostics.hasErrors()) return result;
    RenderScene scene;
    render::addCityTiles(scene.geometry, tileForRendering(*city.value));
    scene.views.push_back({"overview", overviewCamera(scene.geometry)});
    scene.lighting = lightingFor(45.0, 200.0);
    scene.origin = city.value->geo.origin;
    scene.description = path + ": " + std::to_string(city.value->buildings.size()) + " buildings";
    result.value = std::move(scene);
    return result;
}

Result<RenderScene> loadSceneFile(const std::string& path) {
    Result<RenderScene> result;
    auto loaded = scenes::loadScene(path);
    result.diagnostics.append(loaded.diagnostics);
    if (!loaded.value || result.diagnostics.hasErrors()) return result;
    const scenes::Scene& s = *loaded.value;

    RenderScene scene;
    scene.origin = s.origin.origin;
    std::vector<std::string> cityFiles;
    for (const scenes::CitySource& source : s.city) {
        if (source.kind == scenes::CitySource::Kind::Pack) {
            result.diagnostics.error({path}, "city pack " + source.written +
                                                 ": this build cannot read .places packs yet; name the "
                                                 "CityGML/CityJSON files instead");
            return result;
        }
        cityFiles.push_back(source.path);
    }
    if (!cityFiles.empty()) {
        auto city = importCity(cityFiles, s.origin);
        result.diagnostics.append(city.diagnostics);
        if (!city.value || result.diagnostics.hasErrors()) return result;
        render::addCityTiles(scene.geometry, tileForRendering(*city.value));
    }

    auto assets = scenes::loadSceneAssets(s);
    result.diagnostics.append(assets.diagnostics);
    if (!assets.value || result.diagnostics.hasErrors()) return result;
    std::vector<render::AssetGeometry> models;
    for (const assets::AssetModel& model : assets.value->models) models.push_back(render::addAsset(scene.geometry, model));
    for (std::size_t v = 0; v < s.venues.size(); ++v) {
        const std::int32_t m = assets.value->venueModel[v];
        if (m < 0) continue;
        const auto index = static_cast<std::size_t>(m);
        render::placeAsset(scene.geometry, models[index], assets.value->models[index],
                           glm::mat4(s.venues[v].placement.matrix()));
    }

    for (const scenes::CameraView& v : s.views) {
        render::Camera camera;
        camera.pose = {v.position, v.yawDeg, v.pitchDeg};
        camera.verticalFovDeg = v.verticalFovDeg;
        scene.views.push_back({v.name, camera});
    }
    if (scene.views.empty()) scene.views.push_back({"overview", overviewCamera(scene.geometry)});
    scene.lighting = lightingFor(s.sun.elevationDeg, s.sun.azimuthDeg);
    scene.description = path + ": " + s.name + ", " + std::to_string(s.venues.size()) + " venue props";
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
        case SourceKind::CityJson: return loadCitySource(source);
        case SourceKind::Pack: {
            Result<RenderScene> result;
            result.diagnostics.error({source}, "this build cannot read .places city packs yet (render the "
                                               "CityGML/CityJSON files or a scene file naming them)");
            return result;
        }
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

render::Camera overviewCamera(const render::SceneGeometry& g) {
    city::Bounds box;
    for (const auto& tile : g.tiles) {
        if (tile.levels.empty()) continue;
        box.add(glm::dvec3(tile.boundsMin));
        box.add(glm::dvec3(tile.boundsMax));
    }
    if (box.empty()) box.add(glm::dvec3(0.0));
    const glm::dvec3 centre = (box.min + box.max) * 0.5;
    const double radius = std::max(glm::length(box.max - box.min) * 0.5, 20.0);
    render::Camera c;
    c.pose.yawDeg = 325.0;  // looking north-west, from the south-east
    c.pose.pitchDeg = -30.0;
    const double distance = radius / std::tan(glm::radians(c.verticalFovDeg * 0.5)) * 0.9;
    c.pose.position = centre - visibility::forwardFromYawPitch(c.pose.yawDeg, c.pose.pitchDeg) * distance;
    return c;
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
    // Local frame: x = east, y = up, z = south.
    c.pose.position = glm::dvec3(e - origin.x, h - origin.z, -(n - origin.y));
    c.pose.yawDeg = heading;
    c.pose.pitchDeg = pitch;
    return c;
}

bool parseSize(const std::string& text, std::uint32_t& width, std::uint32_t& height) {
    unsigned w = 0, h = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%ux%u%c", &w, &h, &tail) != 2 || w == 0 || h == 0 || w > 16384 || h > 16384)
        return false;
    width = w;
    height = h;
    return true;
}

std::string formatStats(const render::FrameStats& s, double gpuMilliseconds) {
    std::ostringstream out;
    out << "draw calls " << s.drawCalls << ", draw commands " << s.drawCommands << ", triangles " << s.triangles
        << ", visible tiles " << s.visibleTiles << ", visible instances " << s.visibleInstances << ", views "
        << s.views << ", cpu record " << s.recordMilliseconds << " ms";
    if (gpuMilliseconds >= 0) out << ", gpu " << gpuMilliseconds << " ms";
    return out.str();
}

}  // namespace places::cli
