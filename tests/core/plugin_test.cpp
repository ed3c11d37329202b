// loadPluginSymbol: the real plugins of this build load and resolve; a missing
// plugin or symbol is an error naming every place tried, never a crash.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "places/core/plugin.hpp"

TEST_CASE("a plugin of this build loads and its entry point resolves", "[core][plugin]") {
    const places::PluginSymbol symbol = places::loadPluginSymbol("libplaces_import.so", "places_import_run_v2");
    INFO(symbol.error);
    CHECK(symbol.address != nullptr);
    CHECK(symbol.error.empty());
    // Loaded once: the second lookup answers the same address.
    CHECK(places::loadPluginSymbol("libplaces_import.so", "places_import_run_v2").address == symbol.address);
}

TEST_CASE("a missing plugin or entry point is a clear error", "[core][plugin]") {
    ::setenv("PLACES_PLUGIN_DIR", "/nonexistent-plugin-dir", 1);
    const places::PluginSymbol missing = places::loadPluginSymbol("libplaces_no_such_plugin.so", "entry");
    CHECK(missing.address == nullptr);
    CHECK(missing.error.find("cannot load libplaces_no_such_plugin.so") != std::string::npos);
    CHECK(missing.error.find("/nonexistent-plugin-dir/libplaces_no_such_plugin.so: not there") != std::string::npos);
    CHECK(missing.error.find("PLACES_PLUGIN_DIR") != std::string::npos);

    const places::PluginSymbol wrongSymbol = places::loadPluginSymbol("libplaces_citygml.so", "places_citygml_read_v0");
    CHECK(wrongSymbol.address == nullptr);
    CHECK(wrongSymbol.error.find("no places_citygml_read_v0") != std::string::npos);
    ::unsetenv("PLACES_PLUGIN_DIR");
}
