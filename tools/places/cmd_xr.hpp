#pragma once
// places xr (cmd_xr.cpp). Declared apart from commands.hpp so that the headset
// command, which only main.cpp registers, does not rebuild every subcommand.
#include <CLI/CLI.hpp>

namespace places::cli {

void addXrCommand(CLI::App& app);  // places xr SCENE [--simulated] [--frames N] [--relay HOST:PORT --ticket FILE]

}  // namespace places::cli
