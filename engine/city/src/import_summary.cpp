#include <cstdio>
#include <string>

#include "places/city/import.hpp"

namespace places::city {

namespace {

std::string humanBytes(std::uint64_t n) {
    char buf[32];
    if (n >= 10u * 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / (1024.0 * 1024.0));
    else if (n >= 10u * 1024)
        std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(n) / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
    return buf;
}

std::string line(const char* label, std::uint64_t value) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "  %-22s %llu\n", label, static_cast<unsigned long long>(value));
    return buf;
}

}  // namespace

std::string formatSummary(const ImportReport& r) {
    const auto& s = r.summary;
    std::string out = "import summary\n";
    out += line("files", s.files);
    out += line("buildings", s.buildings);
    out += line("building parts", s.parts);
    out += line("terrain pieces", s.terrainObjects);
    out += line("polygons", s.polygons);
    out += line("triangles", s.triangles);
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "  %-22s roof %llu, wall %llu, ground %llu, other %llu, unknown %llu, terrain %llu; "
                  "closure %llu (not drawn)\n",
                  "triangles by surface", static_cast<unsigned long long>(s.surfaces.roof),
                  static_cast<unsigned long long>(s.surfaces.wall),
                  static_cast<unsigned long long>(s.surfaces.ground),
                  static_cast<unsigned long long>(s.surfaces.other),
                  static_cast<unsigned long long>(s.surfaces.unknown),
                  static_cast<unsigned long long>(s.surfaces.terrain),
                  static_cast<unsigned long long>(s.surfaces.closure));
    out += buf;
    const GroundReport& g = r.ground;
    if (g.relief)
        out += "  terrain                relief from the input, " + std::to_string(g.pieces) + " pieces\n";
    else if (g.derived) {
        std::snprintf(buf, sizeof buf,
                      "  %-22s derived from %llu footprint points (snap %.2f m) + %llu border points, "
                      "%llu triangles left out as open land\n",
                      "terrain", static_cast<unsigned long long>(g.points), g.snap,
                      static_cast<unsigned long long>(g.borderPoints), static_cast<unsigned long long>(g.openLand));
        out += buf;
    } else
        out += "  terrain                none\n";
    out += line("tiles", r.tiles);
    out += "  crs                    " + (r.crs.empty() ? std::string("-") : r.crs) + "\n";
    if (r.diagnostics.counters().empty()) {
        out += "  skipped/salvaged       none\n";
    } else {
        out += "  skipped/salvaged by reason:\n";
        for (const auto& [reason, n] : r.diagnostics.counters()) {
            std::snprintf(buf, sizeof buf, "    %-40s %llu\n", reason.c_str(), static_cast<unsigned long long>(n));
            out += buf;
        }
    }
    out += line("warnings", r.diagnostics.warningCount());
    const auto& t = r.timings;
    std::snprintf(buf, sizeof buf,
                  "  %-22s %.3f s (read %.3f, assemble %.3f, ground %.3f, tiles %.3f, write %.3f, glb %.3f)\n", "time",
                  t.total(), t.readSeconds, t.assembleSeconds, t.groundSeconds, t.tileSeconds, t.writeSeconds,
                  t.glbSeconds);
    out += buf;
    out += "  input size             " + humanBytes(r.inputBytes) + "\n";
    out += "  pack size              " + humanBytes(r.outputBytes);
    if (r.inputBytes > 0) {
        std::snprintf(buf, sizeof buf, " (%.1f %% of the input)", 100.0 * static_cast<double>(r.outputBytes) /
                                                                      static_cast<double>(r.inputBytes));
        out += buf;
    }
    out += "\n";
    return out;
}

}  // namespace places::city
