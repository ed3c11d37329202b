// libFuzzer target for the CityGML path as the importer runs it: the XML
// envelope check (xml_guard.hpp) and then libcitygml/xerces on the same bytes.
// Any bytes must yield a Result, never a crash, a hang or undefined behaviour,
// and nothing outside the input may be read (DOCTYPEs never reach xerces).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "citygml_reader.hpp"

// libcitygml 2.4.3 leaks its xerces reader and half-built model when xerces
// throws on malformed XML (citygml_reader.cpp); that leak is known and not
// ours to fix, so leak detection would stop every run at the first bad byte,
// and the leaked memory adds up (2 GB after ~30,000 inputs): tools/fuzz.sh
// runs this target in fork mode (fuzz_citygml.flags), in short-lived children.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    const places::city::ReadOptions options{places::city::LodChoice::Auto, (size & 1) != 0};
    const auto result = places::city::detail::readCityGmlDocument(xml, "fuzz.gml", options);
    if (result.value) {
        for (const auto& object : result->objects)
            for (const auto& polygon : object.polygons)
                for (const auto index : polygon.indices)
                    if (index >= polygon.vertices.size()) __builtin_trap();  // a reader bug
    }
    return 0;
}
