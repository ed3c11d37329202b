#pragma once
// Optional parts of Places that live in shared libraries beside the program
// and are loaded on first use, so that a command which does not need their
// dependencies does not pay for loading them at every start (libcitygml
// brings GDAL's 118 libraries, PROJ brings curl, TIFF and SQLite).
//
// Where a plugin may live, in order: $PLACES_PLUGIN_DIR, the program's own
// folder, ../lib/places from the program (an installed layout), and the build
// tree Places was compiled in (tests and tools run from there).
#include <string>

namespace places {

struct PluginSymbol {
    void* address = nullptr;  // null: not loaded, see error
    std::string error;        // names every place tried and why it failed
};

// dlopen()s `fileName` (once per process; never unloaded) and looks up
// `symbol`. Thread-safe. Never throws.
PluginSymbol loadPluginSymbol(const std::string& fileName, const std::string& symbol);

}  // namespace places
