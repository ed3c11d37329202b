#pragma once
// Each subcommand lives in its own cmd_*.cpp and registers itself on the app.
// The callback it installs returns through CommandExit so main() owns the
// process exit code: 0 ok, 1 runtime failure, 2 bad input or usage.
#include <CLI/CLI.hpp>

namespace places::cli {

struct CommandExit {
    int code = 0;
};

void addRenderCommand(CLI::App& app);          // places render (cmd_render.cpp)
void addBenchRenderCommand(CLI::App& bench);   // places bench render (cmd_bench_render.cpp)
void addViewCommand(CLI::App& app);            // places view (cmd_view.cpp)
void addDemoCommand(CLI::App& app);            // places demo (cmd_demo.cpp)

// Networking (net/): relay, load bots, tickets, and `places bench relay`.
void addRelayCommand(CLI::App& app);
void addBotsCommand(CLI::App& app);
void addTicketCommand(CLI::App& app);
void addBenchRelayCommand(CLI::App& bench);
void addBenchFloodCommand(CLI::App& bench);   // places bench flood (cmd_bench_flood.cpp)
void addBenchSoakCommand(CLI::App& bench);    // places bench soak (cmd_bench_soak.cpp)
void addBenchVoiceCommand(CLI::App& bench);   // places bench voice (cmd_bench_voice.cpp)
void addBenchVoiceLatencyCommand(CLI::App& bench);  // places bench voice-latency (cmd_bench_voice.cpp)
// --- city pack (branch pack) ---
void addImportCommand(CLI::App& app);      // places import INPUT... -o CITY.places
void addInfoCommand(CLI::App& app);        // places info CITY.places [--json] [--verify]
void addPackBenchCommand(CLI::App& bench); // places bench pack CITY.places
// --- end pack ---


}  // namespace places::cli
