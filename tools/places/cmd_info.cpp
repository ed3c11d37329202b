// places info CITY.places [--json] [--verify]: what a city pack holds.
#include <cstdio>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "places/city/pack.hpp"

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
    std::uint64_t buildings = 0, parts = 0;
    for (std::size_t i = 0; i < pack.buildingCount(); ++i) {
        const auto b = pack.building(i);
        if (b.parent < 0) ++buildings;
        if (b.kind == city::ObjectKind::BuildingPart) ++parts;
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
                                 {"unknown", im.surfaces.unknown}}}};
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
    std::printf("  buildings %llu, parts %llu, triangles %llu (full detail)\n", j["buildings"].get<unsigned long long>(),
                j["parts"].get<unsigned long long>(), j["triangles"].get<unsigned long long>());
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

}  // namespace

void addInfoCommand(CLI::App& app) {
    struct Options {
        std::string path;
        bool json = false;
        bool verify = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("info", "Print what a city pack (.places) holds");
    cmd->add_option("pack", options->path, "City pack file")->required();
    cmd->add_flag("--json", options->json, "Machine-readable output");
    cmd->add_flag("--verify", options->verify, "Also check every geometry blob's checksum and contents");
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
        const nlohmann::json j = describe(*pack);
        if (options->json) std::cout << j.dump(2) << '\n';
        else printText(j);
    });
}

}  // namespace places::cli
