// places info CITY.places [--json] [--verify]: what a city pack holds.
#include <cstdio>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "places/city/ground.hpp"
#include "places/city/local_frame.hpp"
#include "places/city/pack.hpp"
#include "places/city/pack_tile_set.hpp"

namespace places::cli {

namespace {

using city::LevelKind;
using city::PackReader;

struct LevelTotals {
    std::uint64_t levels = 0, triangles = 0, vertices = 0;
    float maxError = 0.0f;
};

nlohmann::json describe(const PackReader& pack) {
    const city::PackSummary& s = pack.summary();
    // The import summary's rule (assemble.cpp): a record with a parent is a
    // part, terrain is terrain, every other record is a building.
    std::uint64_t buildings = 0, parts = 0, terrain = 0;
    for (std::size_t i = 0; i < pack.buildingCount(); ++i) {
        const auto b = pack.building(i);
        if (b.kind == city::ObjectKind::Terrain) ++terrain;
        else if (b.parent >= 0) ++parts;
        else ++buildings;
    }
    std::map<std::string, LevelTotals> levels;
    std::uint64_t triangles = 0, leaves = 0, stored = 0, raw = 0, zstd = 0;
    for (std::size_t t = 0; t < pack.tileCount(); ++t) {
        const auto tile = pack.tile(t);
        if (tile.children.empty()) {
            ++leaves;
            triangles += pack.level(tile.firstLevel).indexCount / 3;  // full detail
        }
        for (std::uint32_t l = 0; l < tile.levelCount; ++l) {
            const auto level = pack.level(tile.firstLevel + l);
            LevelTotals& totals = levels[city::toString(level.kind)];
            ++totals.levels;
            totals.triangles += level.indexCount / 3;
            totals.vertices += level.vertexCount;
            totals.maxError = std::max(totals.maxError, level.geometricError);
            stored += level.storedBytes;
            raw += level.rawBytes;
            zstd += level.encoding != city::PackEncoding::Raw;  // plain zstd (1.x packs) or streams + zstd
        }
    }
    nlohmann::json j;
    j["file"] = pack.name();
    j["fileSize"] = pack.fileSize();
    j["version"] = std::to_string(pack.versionMajor()) + "." + std::to_string(pack.versionMinor());
    j["generator"] = s.generator;
    j["buildings"] = buildings;
    j["parts"] = parts;
    j["terrainObjects"] = terrain;
    j["objects"] = pack.buildingCount();
    j["triangles"] = triangles;
    j["tiles"] = pack.tileCount();
    j["leafTiles"] = leaves;
    j["tileSize"] = s.tileSize;
    j["quadtreeDepth"] = s.quadtreeDepth;
    j["crs"] = s.geo.crs;
    j["verticalCrs"] = s.geo.verticalCrs;
    j["origin"] = {s.geo.origin.x, s.geo.origin.y, s.geo.origin.z};
    j["frame"] = "local metres: x east, y up, z south, relative to origin";
    j["bounds"] = {{"min", {s.bounds.min.x, s.bounds.min.y, s.bounds.min.z}},
                   {"max", {s.bounds.max.x, s.bounds.max.y, s.bounds.max.z}}};
    j["skipped"] = nlohmann::json::object();
    for (const auto& [reason, count] : s.skipped) j["skipped"][reason] = count;
    j["sources"] = s.sources;
    const auto& im = s.import;
    j["import"] = {{"files", im.files},       {"buildings", im.buildings}, {"parts", im.parts},
                   {"polygons", im.polygons}, {"triangles", im.triangles},
                   {"surfaces", {{"roof", im.surfaces.roof}, {"wall", im.surfaces.wall}, {"ground", im.surfaces.ground},
                                 {"closure", im.surfaces.closure}, {"other", im.surfaces.other},
                                 {"unknown", im.surfaces.unknown}, {"terrain", im.surfaces.terrain}}},
                   {"terrainObjects", im.terrainObjects}};
    for (const auto& [kind, totals] : levels)
        j["levels"][kind] = {{"count", totals.levels}, {"triangles", totals.triangles},
                             {"vertices", totals.vertices}, {"maxGeometricError", totals.maxError}};
    j["compression"] = zstd > 0 ? "zstd" : "none";
    j["geometryBytes"] = stored;
    j["rawGeometryBytes"] = raw;
    return j;
}

void printText(const nlohmann::json& j) {
    const auto& b = j["bounds"];
    std::printf("%s: city pack %s, %llu bytes (%s)\n", j["file"].get<std::string>().c_str(),
                j["version"].get<std::string>().c_str(), j["fileSize"].get<unsigned long long>(),
                j["generator"].get<std::string>().c_str());
    std::printf("  buildings %llu, parts %llu, terrain pieces %llu, triangles %llu (full detail, %llu terrain)\n",
                j["buildings"].get<unsigned long long>(), j["parts"].get<unsigned long long>(),
                j["terrainObjects"].get<unsigned long long>(), j["triangles"].get<unsigned long long>(),
                j["import"]["surfaces"]["terrain"].get<unsigned long long>());
    std::printf("  crs %s%s%s, origin %.3f %.3f %.3f\n", j["crs"].get<std::string>().c_str(),
                j["verticalCrs"].get<std::string>().empty() ? "" : " + ", j["verticalCrs"].get<std::string>().c_str(),
                j["origin"][0].get<double>(), j["origin"][1].get<double>(), j["origin"][2].get<double>());
    std::printf("  bounds (local x east, y up, z south) %.2f %.2f %.2f .. %.2f %.2f %.2f\n", b["min"][0].get<double>(),
                b["min"][1].get<double>(), b["min"][2].get<double>(), b["max"][0].get<double>(),
                b["max"][1].get<double>(), b["max"][2].get<double>());
    std::printf("  tiles %llu (%llu leaves of %.0f m, depth %u), geometry %llu bytes (%s, raw %llu)\n",
                j["tiles"].get<unsigned long long>(), j["leafTiles"].get<unsigned long long>(),
                j["tileSize"].get<double>(), j["quadtreeDepth"].get<unsigned>(),
                j["geometryBytes"].get<unsigned long long>(), j["compression"].get<std::string>().c_str(),
                j["rawGeometryBytes"].get<unsigned long long>());
    if (j.contains("levels"))
        for (const auto& [kind, l] : j["levels"].items())
            std::printf("  level %-10s x%-5llu %9llu triangles, error <= %.3f m\n", kind.c_str(),
                        l["count"].get<unsigned long long>(), l["triangles"].get<unsigned long long>(),
                        l["maxGeometricError"].get<double>());
    for (const auto& [reason, count] : j["skipped"].items())
        std::printf("  %s: %llu\n", reason.c_str(), count.get<unsigned long long>());
}

// `--ground E,N`: the terrain height there (in the pack's CRS), from the leaf
// tiles at full detail. Exit 2 when the point is outside the terrain.
int printGround(const PackReader& pack, const std::string& where, bool json) {
    double e = 0.0, n = 0.0;
    char comma = 0, extra = 0;
    if (std::sscanf(where.c_str(), "%lf %c %lf %c", &e, &comma, &n, &extra) != 3 || comma != ',') {
        std::fprintf(stderr, "places info: --ground: expected E,N in the pack's CRS, got \"%s\"\n", where.c_str());
        return 2;
    }
    auto tiles = city::tileSetFromPack(pack);
    if (!tiles) {
        for (const auto& d : tiles.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
        return 2;
    }
    const city::GroundHeights ground = city::GroundHeights::fromTileSet(*tiles);
    const glm::dvec3 origin = pack.summary().geo.origin;
    const glm::dvec3 local = city::toLocal({e, n, origin.z}, origin);
    const auto height = ground.heightAt(local.x, local.z);
    if (!height) {
        std::fprintf(stderr, "places info: --ground %.3f,%.3f: outside the terrain of %s%s\n", e, n,
                     pack.name().c_str(), ground.empty() ? " (the pack has no terrain)" : "");
        return 2;
    }
    const double h = city::toCrs({local.x, *height, local.z}, origin).z;
    if (json) {
        std::cout << nlohmann::json{{"east", e}, {"north", n}, {"height", h}, {"localY", *height}}.dump(2) << '\n';
    } else {
        std::printf("ground at E %.3f N %.3f: H %.3f (local y %.3f)\n", e, n, h, *height);
    }
    return 0;
}

}  // namespace

void addInfoCommand(CLI::App& app) {
    struct Options {
        std::string path;
        bool json = false;
        bool verify = false;
        std::string ground;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("info", "Print what a city pack (.places) holds");
    cmd->add_option("pack", options->path, "City pack file")->required();
    cmd->add_flag("--json", options->json, "Machine-readable output");
    cmd->add_flag("--verify", options->verify, "Also check every geometry blob's checksum and contents");
    cmd->add_option("--ground", options->ground,
                    "Print the terrain height at E,N (the pack's CRS); exit 2 outside the terrain");
    cmd->callback([options] {
        auto pack = PackReader::open(options->path);
        if (!pack) {
            for (const auto& d : pack.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
            throw CommandExit{2};
        }
        if (options->verify) {
            const Diagnostics problems = pack->verifyAll();
            if (problems.hasErrors()) {
                for (const auto& d : problems.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
                throw CommandExit{2};
            }
        }
        if (!options->ground.empty()) {
            const int code = printGround(*pack, options->ground, options->json);
            if (code != 0) throw CommandExit{code};
            return;
        }
        const nlohmann::json j = describe(*pack);
        if (options->json) std::cout << j.dump(2) << '\n';
        else printText(j);
    });
}

}  // namespace places::cli
