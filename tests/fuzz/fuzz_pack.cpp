// libFuzzer target for the city pack reader: any bytes must give either a
// reader or an error, and every accessor of an opened reader must stay in
// bounds. Each input runs twice: as is (checksum paths) and with every CRC
// recomputed, so mutations reach the structural checks behind the CRCs.
// Seeds: tests/fuzz/corpus/fuzz_pack/ (places_city_pack_tests "[.write-seed]").
#include <cstddef>
#include <cstdint>
#include <vector>

#include "pack_reseal.hpp"
#include "places/city/pack.hpp"

namespace {

std::size_t exercise(const std::vector<std::byte>& bytes) {
    using namespace places::city;
    auto reader = PackReader::fromBytes(bytes, "fuzz.places");
    if (!reader) {
        if (!reader.diagnostics.hasErrors()) __builtin_trap();  // a refusal must say why
        return 0;
    }
    std::size_t sink = reader->summary().geo.crs.size();
    for (std::size_t i = 0; i < reader->buildingCount(); ++i) {
        const PackBuilding b = reader->building(i);
        sink += b.id.size() + b.function.size();
    }
    for (std::size_t t = 0; t < reader->tileCount(); ++t) sink += reader->tile(t).children.size();
    for (std::size_t l = 0; l < reader->levelCount(); ++l) {
        auto view = reader->levelData(l);
        if (!view) continue;
        sink += toTileLevel(*view, reader->level(l)).triangleCount();
    }
    return sink;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto* begin = reinterpret_cast<const std::byte*>(data);
    std::vector<std::byte> bytes(begin, begin + size);
    std::size_t sink = exercise(bytes);
    places::city::test::resealPack(bytes);
    sink += exercise(bytes);
    return sink == 0xFFFFFFFF ? 1 : 0;
}
