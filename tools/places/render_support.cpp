#include "render_support.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include "places/render/demo_city.hpp"

namespace places::cli {

Result<RenderScene> loadRenderScene(const std::string& source) {
    Result<RenderScene> result;
    if (source == "demo:" || source == "demo") {
        RenderScene scene;
        scene.geometry = render::makeDemoScene(4);
        scene.views.push_back({"overview", overviewCamera(scene.geometry)});
        render::Camera street;
        street.pose.position = {0.0, 1.7, 60.0};
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
    glm::dvec3 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
    for (const auto& tile : g.tiles) {
        lo = glm::min(lo, glm::dvec3(tile.boundsMin));
        hi = glm::max(hi, glm::dvec3(tile.boundsMax));
    }
    if (lo.x > hi.x) lo = hi = glm::dvec3(0.0);
    const glm::dvec3 centre = (lo + hi) * 0.5;
    const double radius = std::max(glm::length(hi - lo) * 0.5, 20.0);
    render::Camera c;
    c.pose.yawDeg = 325.0;  // looking north-west, from the south-east
    c.pose.pitchDeg = -30.0;
    const double distance = radius / std::tan(glm::radians(c.verticalFovDeg * 0.5)) * 0.9;
    c.pose.position = centre - visibility::forwardFromYawPitch(c.pose.yawDeg, c.pose.pitchDeg) * distance;
    return c;
}

std::optional<render::Camera> parseCamera(const std::string& text, const glm::dvec3& origin) {
    double e = 0, n = 0, h = 0, heading = 0, pitch = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf,%lf%c", &e, &n, &h, &heading, &pitch, &tail) != 5)
        return std::nullopt;
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
