// libFuzzer target for the CityJSON reader: any bytes must yield a Result
// (value and/or diagnostics), never a crash, leak or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "places/city/readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    // listSkipped exercises the pointer formatting of every counted skip.
    const places::city::ReadOptions options{places::city::LodChoice::Auto, (size & 1) != 0};
    const auto result = places::city::readCityJsonBuffer(json, "fuzz.city.json", options);
    if (result.value) {
        // Touch the output so the reader cannot be optimised into a parser-only run.
        volatile std::size_t sink = 0;
        for (const auto& object : result->objects)
            for (const auto& polygon : object.polygons)
                for (const auto index : polygon.indices) sink = sink + (index < polygon.vertices.size() ? 0 : 1);
        if (sink != 0) __builtin_trap();  // a triangle index past its vertices is a reader bug
    }
    return 0;
}
