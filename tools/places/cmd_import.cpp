// places import: CityGML/CityJSON files -> one tiled, georeferenced city pack.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "places/city/import.hpp"
#include "places/core/huge_pages.hpp"
#include "places/core/progress.hpp"

namespace places::cli {

using city::ImportReport;
using city::ImportRequest;

namespace {

struct ImportArgs {
    std::vector<std::string> inputs;
    std::string output;
    std::string origin = "auto";
    std::string originCrs;
    std::string crs;
    bool local = false;
    double tileSize = 250.0;
    unsigned threads = 0;
    std::string lod = "auto";
    std::string glb;
    bool raw = false;
    bool noGround = false;
    bool verbose = false;
    bool quiet = false;
};

int runImport(const ImportArgs& a) {
    ImportRequest request;
    request.inputs = a.inputs;
    request.output = a.output;
    request.glb = a.glb;
    request.compress = !a.raw;
    request.tiling.tileSize = a.tileSize;
    request.tiling.threads = a.threads;
    request.read.listSkipped = a.verbose;
    request.assemble.listSkipped = a.verbose;
    request.ground.derive = !a.noGround;
    request.read.lod = a.lod == "1" ? city::LodChoice::Lod1 : a.lod == "2" ? city::LodChoice::Lod2
                                                                            : city::LodChoice::Auto;
    request.assemble.fallbackCrs = a.crs;
    request.assemble.allowLocal = a.local;
    request.assemble.originCrs = a.originCrs;
    if (a.origin != "auto") {
        glm::dvec3 o{0.0};
        char c1 = 0, c2 = 0;
        std::istringstream in(a.origin);
        if (!(in >> o.x >> c1 >> o.y >> c2 >> o.z) || c1 != ',' || c2 != ',') {
            std::fprintf(stderr, "places import: --origin: expected E,N,H or auto, got \"%s\"\n",
                         a.origin.c_str());
            return 2;
        }
        request.assemble.origin = o;
    }

    StderrProgress progress;
    NullProgress silent;
    const ImportReport report = city::runImport(request, a.quiet ? static_cast<ProgressSink&>(silent)
                                                                   : static_cast<ProgressSink&>(progress));
    for (const auto& d : report.diagnostics.items())
        if (d.severity == Severity::Error || a.verbose) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!report.ok) {
        std::fprintf(stderr, "places import: failed (%llu errors)\n",
                     static_cast<unsigned long long>(report.diagnostics.errorCount()));
        return report.exitCode;
    }
    if (!a.quiet) std::fputs(city::formatSummary(report).c_str(), stderr);
    return 0;
}

}  // namespace

void addImportCommand(CLI::App& app) {
    auto args = std::make_shared<ImportArgs>();
    CLI::App* cmd = app.add_subcommand("import", "Import CityGML/CityJSON files into a tiled city pack");
    cmd->add_option("inputs", args->inputs, "CityGML (.gml/.xml) or CityJSON (.json) files; merged into one city")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", args->output, "city pack to write (.places)")->required();
    cmd->add_option("--origin", args->origin,
                    "local frame origin E,N,H in --origin-crs, or 'auto' (centre of the bounds, lowest height)");
    cmd->add_option("--origin-crs", args->originCrs, "CRS of --origin and of the output (default: the first input's)");
    cmd->add_option("--crs", args->crs, "CRS for inputs that declare none, e.g. EPSG:7415");
    cmd->add_flag("--local", args->local, "treat inputs without a CRS as local metres (not georeferenced)");
    cmd->add_option("--tile-size", args->tileSize, "edge of a leaf tile in metres")->check(CLI::Range(10.0, 10000.0));
    cmd->add_option("--lod", args->lod, "LoD to keep per object: auto (highest), 1 or 2")
        ->check(CLI::IsMember({"auto", "1", "2"}));
    cmd->add_option("--glb", args->glb, "also export the city as glTF 2.0 binary");
    cmd->add_option("--threads", args->threads, "threads for tiles and pack (0 = one per core; the pack is the same)");
    cmd->add_flag("--no-zstd", args->raw, "store tile data uncompressed (default: zstd per tile level)");
    cmd->add_flag("--no-ground", args->noGround,
                  "do not derive ground under the buildings when the input has no relief (relief is always kept)");
    cmd->add_flag("-v,--verbose", args->verbose, "list every warning and skipped object");
    cmd->add_flag("-q,--quiet", args->quiet, "no progress and no summary");
    cmd->callback([args] {
        // One arena per thread stays: the tile and pack workers allocate all
        // the time, and sharing one heap cost them more than its faults saved.
        useHugePagesForHeap({});
        const int code = runImport(*args);
        if (code != 0) throw CommandExit{code};
    });
}

}  // namespace places::cli
