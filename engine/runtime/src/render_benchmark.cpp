#include "places/runtime/render_benchmark.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include <cmath>

#include <glm/gtc/quaternion.hpp>
#include <glm/trigonometric.hpp>

#include "places/render/avatar_instances.hpp"
#include "places/render/font_atlas.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/render/instance.hpp"
#include "places/runtime/fixed_camera.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/runtime/headless_target.hpp"
#include "places/runtime/render_scene.hpp"

namespace places::runtime {

namespace {

// `count` avatars in front of `camera`, deterministic: rows from 3 m ahead
// along the view direction, 1.5 m apart, each row spread over 80 % of the
// horizontal field of view at its distance, facing the camera. Every tenth a
// host, every seventh a moderator, every fifth an exhibitor.
std::vector<render::AvatarState> crowdInView(const render::Camera& camera, double aspect, std::uint32_t count) {
    std::vector<render::AvatarState> crowd;
    const glm::dvec3 forward = visibility::forwardFromYawPitch(camera.pose.yawDeg, camera.pose.pitchDeg);
    const glm::dvec3 right = glm::normalize(glm::cross(forward, glm::dvec3(0.0, 1.0, 0.0)));
    const double tanHalfX = std::tan(glm::radians(camera.verticalFovDeg) * 0.5) * aspect;
    const auto columns = static_cast<std::uint32_t>(std::ceil(std::sqrt(double(count))));
    const glm::quat facing = glm::angleAxis(float(glm::radians(180.0 - camera.pose.yawDeg)), glm::vec3(0, 1, 0));
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t row = i / columns, column = i % columns;
        const double distance = 3.0 + 1.5 * double(row);
        const double across = columns > 1 ? (double(column) / double(columns - 1) - 0.5) * 1.6 : 0.0;
        const glm::dvec3 head = camera.pose.position + forward * distance + right * (across * distance * tanHalfX);
        render::AvatarState a;
        a.id = i;
        a.head = {glm::vec3(head), facing};
        a.leftHand = {glm::vec3(head) + glm::vec3(facing * glm::vec3(-0.25f, -0.55f, -0.15f)), facing};
        a.rightHand = {glm::vec3(head) + glm::vec3(facing * glm::vec3(0.25f, -0.55f, -0.15f)), facing};
        a.colour = {0.2f + 0.6f * float(i % 5) / 4.0f, 0.3f + 0.5f * float(i % 3) / 2.0f, 0.9f - 0.6f * float(i % 7) / 6.0f};
        a.role = i % 10 == 0   ? render::AvatarRole::Host
                 : i % 7 == 0  ? render::AvatarRole::Moderator
                 : i % 5 == 0  ? render::AvatarRole::Exhibitor
                               : render::AvatarRole::Visitor;
        a.name = "Visitor " + std::to_string(i);
        crowd.push_back(std::move(a));
    }
    return crowd;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return -1.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * double(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

}  // namespace

int runRenderBenchmark(const RenderBenchmarkSettings& o) {
    const std::uint32_t width = o.width, height = o.height;
    if (width == 0 || height == 0 || o.frames < 1) {
        std::fprintf(stderr, "places bench render: bad --size or --frames\n");
        return 2;
    }
    Result<RenderScene> loaded = loadRenderScene(o.scene);
    for (const auto& d : loaded.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!loaded.value) return 2;
    const RenderScene& scene = *loaded.value;

    render::Instance instance({});
    render::Gpu gpu(instance, {o.gpu, VK_NULL_HANDLE});
    nlohmann::json report = {{"scene", o.scene}, {"device", gpu.device.name()}, {"width", width},
                             {"height", height}, {"frames", o.frames}, {"runs", nlohmann::json::array()}};
    // Mono and stereo frames alternate (one renderer each, both alive), so
    // that the two modes see the same machine state: measured one after the
    // other, a busy shared machine skewed the stereo/mono ratio by +-20 %.
    // With shadows on, a third mode measures mono without them the same way
    // (the shadow map's cost is its ratio to mono).
    struct Mode {
        const char* name;
        std::uint32_t views;
        bool shadows;
        std::unique_ptr<render::HeadlessRenderer> headless;
        std::unique_ptr<render::GpuScene> scene;
        std::unique_ptr<HeadlessTarget> target;
        std::unique_ptr<FrameLoop> loop;
    };
    std::vector<Mode> modes;
    modes.push_back({"mono", 1, o.shadows, nullptr, nullptr, nullptr, nullptr});
    modes.push_back({"stereo", 2, o.shadows, nullptr, nullptr, nullptr, nullptr});
    if (o.shadows) modes.push_back({"mono-noshadow", 1, false, nullptr, nullptr, nullptr, nullptr});
    // With a crowd: the avatar models join the scene, name tags need the font.
    std::vector<std::uint32_t> crowdSizes{0};
    for (std::uint32_t n : o.avatars)
        if (n > 0) crowdSizes.push_back(n);
    std::shared_ptr<const render::FontAtlas> font = scene.signFont;  // signs; name tags below
    RenderScene withAvatars;
    render::AvatarModels avatarModels;
    if (crowdSizes.size() > 1) {
        auto atlas = render::defaultFontAtlas();
        if (!atlas.ok()) {
            std::fprintf(stderr, "places bench render: %s\n", atlas.diagnostics.firstError().c_str());
            return 2;
        }
        font = std::make_shared<const render::FontAtlas>(std::move(*atlas.value));
        withAvatars = scene;
        avatarModels = render::addAvatarModels(withAvatars.geometry);
    }
    const RenderScene& measured = crowdSizes.size() > 1 ? withAvatars : scene;
    for (Mode& mode : modes) {
        render::HeadlessCreateInfo info{width, height, mode.views, o.msaa};
        info.font = font;
        info.shadows = mode.shadows;
        mode.headless = std::make_unique<render::HeadlessRenderer>(gpu, info);
        mode.scene = std::make_unique<render::GpuScene>(gpu, measured.geometry, mode.headless->materialLayout(),
                                                        render::GpuSceneOptions{o.maxTextureSize});
        mode.target = std::make_unique<HeadlessTarget>(*mode.headless, FrameExtent{width, height},
                                                       HeadlessTarget::Mode::Submit);
        mode.loop = std::make_unique<FrameLoop>(measured, *mode.scene);
    }
    report["msaa_samples"] = static_cast<unsigned>(modes[0].headless->renderer().samples());
    render::AvatarBudget budget;
    budget.viewportHeightPx = double(height);
    const double aspect = double(width) / double(height);
    for (const NamedView& view : scene.views) {
        // One run per mode and crowd size: [mode * crowds + crowd].
        struct Samples {
            std::vector<double> cpu, gpuMs;
            render::FrameStats stats;
            std::vector<render::AvatarState> crowd;
            render::AvatarFrame avatars;
        };
        const std::size_t crowds = crowdSizes.size();
        std::vector<Samples> samples(modes.size() * crowds);
        for (std::size_t m = 0; m < modes.size(); ++m)
            for (std::size_t c = 0; c < crowds; ++c) samples[m * crowds + c].crowd = crowdInView(view.camera, aspect, crowdSizes[c]);
        std::array<FixedCamera, 2> sources{FixedCamera(view.camera, false), FixedCamera(view.camera, true)};  // [views - 1]
        for (int f = -3; f < o.frames; ++f) {  // 3 warm-up frames
            for (std::size_t k = 0; k < samples.size(); ++k) {
                // Which run goes first alternates too: the second one finds
                // the caches warm from the first one's selection.
                const std::size_t r = (f % 2 == 0) ? k : samples.size() - 1 - k;
                const std::size_t m = r / crowds;
                Samples& x = samples[r];
                // Selection, the avatars' instances and recording are the CPU
                // cost of a frame; thread CPU time (not wall time) so preemption
                // on a shared machine is not counted.
                double avatarMs = 0.0;
                const FrameReport frame = *modes[m].loop->frame(
                    sources[modes[m].views - 1], *modes[m].target, [&](const FrameContext& ctx, FrameContent& content) {
                        if (x.crowd.empty()) return;
                        const double start = render::threadCpuMilliseconds();
                        render::buildAvatarInstances(x.crowd, avatarModels, *ctx.views, budget, x.avatars);
                        content.dynamic.assign(x.avatars.instances.begin(), x.avatars.instances.end());
                        content.text.insert(content.text.end(), x.avatars.nameTags.begin(), x.avatars.nameTags.end());
                        content.avatars = x.avatars.counts;
                        avatarMs = render::threadCpuMilliseconds() - start;
                    });
                x.stats = frame.delivery.stats;
                if (f < 0) continue;
                x.cpu.push_back(frame.selectCpuMilliseconds + avatarMs + x.stats.recordMilliseconds);
                if (frame.delivery.gpuMilliseconds >= 0) x.gpuMs.push_back(frame.delivery.gpuMilliseconds);
            }
        }
        for (std::size_t r = 0; r < samples.size(); ++r) {
            const std::size_t m = r / crowds, c = r % crowds;
            modes[m].headless->finish();
            const Samples& x = samples[r];
            nlohmann::json run = {{"view", view.name},
                                  {"mode", modes[m].name},
                                  {"cpu_ms_median", percentile(x.cpu, 0.5)},
                                  {"cpu_ms_p99", percentile(x.cpu, 0.99)},
                                  {"gpu_ms_median", percentile(x.gpuMs, 0.5)},
                                  {"draw_calls", x.stats.drawCalls},
                                  {"passes", x.stats.passes},
                                  {"draw_commands", x.stats.drawCommands},
                                  {"triangles", x.stats.triangles},
                                  {"visible_tiles", x.stats.visibleTiles},
                                  {"visible_instances", x.stats.visibleInstances},
                                  {"coarse_instances", x.stats.coarseInstances},
                                  {"shadows", modes[m].shadows},
                                  {"shadow_draw_calls", x.stats.shadowDrawCalls},
                                  {"shadow_triangles", x.stats.shadowTriangles},
                                  {"buildings_drawn", x.stats.buildingsDrawn},
                                  {"buildings_in_view", x.stats.buildingsInView},
                                  {"terrain_pieces_drawn", x.stats.terrainPiecesDrawn}};
            if (m > 0 && c == 0) run["cpu_ratio_vs_mono"] = percentile(x.cpu, 0.5) / percentile(samples[0].cpu, 0.5);
            if (crowds > 1) {
                const Samples& none = samples[m * crowds];
                run["avatars"] = crowdSizes[c];
                run["avatars_full"] = x.stats.avatars.full;
                run["avatars_coarse"] = x.stats.avatars.coarse;
                run["avatars_as_dots"] = x.stats.avatars.asDots;
                run["avatars_culled"] = x.stats.avatars.culled;
                run["dynamic_instances"] = x.stats.dynamicInstances;
                run["dynamic_draw_calls"] = x.stats.dynamicDrawCalls;
                run["name_tags"] = x.stats.texts;
                // Per colour pass: a two-pass stereo frame records each draw twice.
                run["extra_draw_calls_vs_0"] =
                    (int(x.stats.drawCalls) - int(none.stats.drawCalls)) / int(std::max(1u, x.stats.passes));
                run["extra_cpu_ms_vs_0"] = percentile(x.cpu, 0.5) - percentile(none.cpu, 0.5);
                run["cpu_ratio_vs_0"] = percentile(x.cpu, 0.5) / percentile(none.cpu, 0.5);
            }
            report["runs"].push_back(std::move(run));
        }
    }
    if (o.json) {
        std::printf("%s\n", report.dump(2).c_str());
    } else {
        std::printf("%s on %s, %ux%u, %ux MSAA, %d frames per run\n", o.scene.c_str(), gpu.device.name().c_str(),
                    width, height, report["msaa_samples"].get<unsigned>(), o.frames);
        std::printf("%-16s %-13s %7s %10s %10s %10s %6s %10s %6s %9s %8s %8s\n", "view", "mode", "avatars", "cpu med",
                    "cpu p99", "gpu med", "draws", "triangles", "tiles", "props lod", "cpu/mono", "cpu/0");
        for (const auto& r : report["runs"]) {
            const std::string ratio =
                r.contains("cpu_ratio_vs_mono") ? std::to_string(r["cpu_ratio_vs_mono"].get<double>()).substr(0, 4) : "";
            const std::string vsNone =
                r.contains("cpu_ratio_vs_0") ? std::to_string(r["cpu_ratio_vs_0"].get<double>()).substr(0, 4) : "";
            std::printf("%-16s %-13s %7u %7.3f ms %7.3f ms %7.2f ms %6u %10llu %6u %4u/%-4u %8s %8s\n",
                        r["view"].get<std::string>().c_str(), r["mode"].get<std::string>().c_str(),
                        r.contains("avatars") ? r["avatars"].get<unsigned>() : 0u,
                        r["cpu_ms_median"].get<double>(), r["cpu_ms_p99"].get<double>(),
                        r["gpu_ms_median"].get<double>(), r["draw_calls"].get<unsigned>(),
                        static_cast<unsigned long long>(r["triangles"].get<std::uint64_t>()),
                        r["visible_tiles"].get<unsigned>(), r["coarse_instances"].get<unsigned>(),
                        r["visible_instances"].get<unsigned>(), ratio.c_str(), vsNone.c_str());
        }
    }
    return 0;
}

}  // namespace places::runtime
