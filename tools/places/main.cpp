// places: the command-line entry point. Exceptions stop here (style.md, 4).
#include <cstdio>
#include <exception>

#include "cmd_xr.hpp"
#include "commands.hpp"
#include "places/core/version.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Places: shared VR venues in a city's 3D digital twin"};
    app.set_version_flag("--version", std::string("places ") + places::kVersion);
    app.require_subcommand(1);
    // The order here is the order of `places --help`: the city, then what
    // people see, then what lets them meet, then benchmarks.
    places::cli::addImportCommand(app);
    places::cli::addInfoCommand(app);
    places::cli::addRenderCommand(app);
    places::cli::addXrCommand(app);
    places::cli::addViewCommand(app);
    places::cli::addDemoCommand(app);
    places::cli::addRelayCommand(app);
    places::cli::addBotsCommand(app);
    places::cli::addTicketCommand(app);
    // `places bench <what>`: benchmarks register under this one subcommand.
    CLI::App* bench = app.add_subcommand("bench", "Benchmarks (medians, ratios against a baseline)");
    bench->require_subcommand(1);
    places::cli::addPackBenchCommand(*bench);
    places::cli::addBenchRenderCommand(*bench);
    places::cli::addBenchRelayCommand(*bench);
    places::cli::addBenchFloodCommand(*bench);
    places::cli::addBenchSoakCommand(*bench);
    places::cli::addBenchVoiceCommand(*bench);
    places::cli::addBenchVoiceLatencyCommand(*bench);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    } catch (const places::cli::CommandExit& e) {
        return e.code;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "places: internal error: %s\n", e.what());
        return 1;
    }
    return 0;
}
