#include "render_support.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include "places/render/demo_city.hpp"
#include "places/render/frustum.hpp"

namespace places::cli {

Result<RenderScene> loadRenderScene(const std::string& source) {
    Result<RenderScene> result;
    if (source == "demo:" || source == "demo") {
        RenderScene scene;
        scene.geometry = render::makeDemoScene(4);
        scene.views.push_back({"overview", overviewCamera(scene.geometry)});
        render::Camera street;
        street.position = {0.0f, 1.7f, 60.0f};
        scene.views.push_back({"street", street});
        scene.lighting = render::Lighting::fromSun(45.0f, 200.0f);
        result.value = std::move(scene);
        return result;
    }
    result.diagnostics.error({source}, "cannot render '" + source +
                                           "': this build reads only 'demo:' (scene files, city packs and "
                                           "CityGML/CityJSON arrive with the import and scene modules)");
    return result;
}

render::Camera overviewCamera(const render::SceneGeometry& g) {
    glm::vec3 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
    for (const auto& tile : g.tiles) {
        lo = glm::min(lo, tile.boundsMin);
        hi = glm::max(hi, tile.boundsMax);
    }
    if (lo.x > hi.x) lo = hi = glm::vec3(0.0f);
    const glm::vec3 centre = (lo + hi) * 0.5f;
    const float radius = std::max(glm::length(hi - lo) * 0.5f, 20.0f);
    render::Camera c;
    c.headingDeg = -35.0f;  // looking north-west, from the south-east
    c.pitchDeg = -30.0f;
    const float distance = radius / std::tan(glm::radians(c.fovYDeg * 0.5f)) * 0.9f;
    c.position = centre - c.forward() * distance;
    return c;
}

std::optional<render::Camera> parseCamera(const std::string& text, const glm::dvec3& origin) {
    double e = 0, n = 0, h = 0, heading = 0, pitch = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf,%lf%c", &e, &n, &h, &heading, &pitch, &tail) != 5)
        return std::nullopt;
    render::Camera c;
    // Local frame: x = east, y = up, z = south.
    c.position = glm::vec3(float(e - origin.x), float(h - origin.z), float(-(n - origin.y)));
    c.headingDeg = float(heading);
    c.pitchDeg = float(pitch);
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

std::vector<render::TileLevelRef> selectTiles(const render::SceneGeometry& g, const render::FrameViews& views,
                                              float viewportHeightPx, float maxScreenErrorPx) {
    std::vector<render::TileLevelRef> refs;
    render::Frustum frusta[2];
    for (std::uint32_t v = 0; v < views.count; ++v)
        frusta[v] = render::Frustum::fromViewProjection(views.eyes[v].viewProjection);
    const float pixelsPerRadian = viewportHeightPx / (2.0f * std::tan(0.5f * 1.0471976f));
    for (std::uint32_t t = 0; t < g.tiles.size(); ++t) {
        const auto& tile = g.tiles[t];
        if (tile.levels.empty()) continue;
        bool visible = false;
        for (std::uint32_t v = 0; v < views.count && !visible; ++v)
            visible = frusta[v].intersectsBox(tile.boundsMin, tile.boundsMax);
        if (!visible) continue;
        // Distance from the eye to the tile's box; levels coarsen with it.
        const glm::vec3 eye = views.eyes[0].eye;
        const float distance =
            std::max(glm::length(glm::max(glm::max(tile.boundsMin - eye, eye - tile.boundsMax), glm::vec3(0.0f))), 1.0f);
        std::uint32_t level = 0;
        // The coarsest level whose geometric error stays under the pixel budget.
        while (level + 1 < tile.levels.size() &&
               tile.levelErrors[level + 1] * pixelsPerRadian / distance <= maxScreenErrorPx)
            ++level;
        refs.push_back({t, level});
    }
    return refs;
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
