#include "render_support.hpp"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "places/core/huge_pages.hpp"
#include "places/render/vk_check.hpp"

namespace places::cli {

bool parseSize(const std::string& text, std::uint32_t& width, std::uint32_t& height) {
    unsigned w = 0, h = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%ux%u%c", &w, &h, &tail) != 2 || w == 0 || h == 0 || w > 16384 || h > 16384)
        return false;
    width = w;
    height = h;
    return true;
}

void addMsaaOption(CLI::App& command, render::Msaa& target) {
    command
        .add_option_function<std::string>(
            "--msaa",
            [&target](const std::string& text) {
                const auto parsed = render::parseMsaa(text);
                if (!parsed) throw CLI::ValidationError("--msaa", "must be auto, 1 or 4, got '" + text + "'");
                target = *parsed;
            },
            "Multisampling: auto (4x on GPUs, none on CPU devices such as lavapipe), 1 or 4")
        ->default_str("auto");
}

void addStereoPathOption(CLI::App& command, render::StereoPath& target) {
    command
        .add_option_function<std::string>(
            "--stereo-path",
            [&target](const std::string& text) {
                const auto parsed = render::parseStereoPath(text);
                if (!parsed)
                    throw CLI::ValidationError("--stereo-path", "must be auto, multiview or two-pass, got '" + text + "'");
                target = *parsed;
            },
            "How stereo reaches both eyes: multiview (one pass), two-pass (one per eye), or auto (a probe of the "
            "device picks multiview where it draws both eyes right)")
        ->default_str("auto");
}

void addShadowsOption(CLI::App& command, bool& target) {
    command
        .add_option_function<std::string>(
            "--shadows",
            [&target](const std::string& text) {
                if (text != "on" && text != "off")
                    throw CLI::ValidationError("--shadows", "must be on or off, got '" + text + "'");
                target = text == "on";
            },
            "The sun's shadow map: on or off")
        ->default_str("on");
}

void addMaxTextureSizeOption(CLI::App& command, std::uint32_t& target) {
    command
        .add_option("--max-texture-size", target,
                    "Largest texture edge to upload: larger textures start at their first mip level within it")
        ->check(CLI::Range(1u, 16384u))
        ->capture_default_str();
}

void addEventClockOption(CLI::App& command, std::string& target) {
    command.add_option("--clock", target,
                       "Event clock of the stage screens: an ISO time with offset fixes it (2024-10-09T14:30+02:00), "
                       "+/-SECONDS shifts the real time; default: now");
}

bool applyEventClockOption(const std::string& text, runtime::EventClock& clock, const char* command) {
    const auto parsed = runtime::parseEventClock(text);
    if (!parsed) {
        std::fprintf(stderr, "places %s: --clock: expected an ISO time with offset or +/-SECONDS, got '%s'\n", command,
                     text.c_str());
        return false;
    }
    clock = *parsed;
    return true;
}

void setRenderCommandCallback(CLI::App& command, std::string name, std::function<int()> run) {
    command.callback([name = std::move(name), run = std::move(run)] {
        // Before any thread starts: the renderer's fresh memory (lavapipe's
        // queue and raster threads, decoded props) on huge pages cut a warm
        // `places render` by ~13 % (docs/performance-render.md).
        useHugePagesForHeap({.oneArena = true});
        int code = 1;
        try {
            code = run();
        } catch (const render::VulkanError& e) {
            std::fprintf(stderr, "places %s: %s\n", name.c_str(), e.what());
        }
        throw CommandExit{code};
    });
}

}  // namespace places::cli
